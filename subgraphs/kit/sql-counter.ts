/**
 * Counts the SQL statements a subgraph sends to PostgreSQL. Tests and the benchmark read it to
 * prove batching: the count for a query must not grow with the number of people in it.
 */
export class SqlStatementCounter {
  private total = 0;
  private readonly recent: string[] = [];

  record(sql: string): void {
    this.total += 1;
    this.recent.push(sql);
    if (this.recent.length > 200) this.recent.shift();
  }

  get count(): number {
    return this.total;
  }

  /** The last statements seen, newest last: what a failing N+1 test prints. */
  get lastStatements(): readonly string[] {
    return this.recent;
  }

  reset(): void {
    this.total = 0;
    this.recent.length = 0;
  }
}
