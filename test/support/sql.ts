import { Client } from 'pg';

/** Runs SQL as the test server's superuser, outside the writer (what a tamperer would do). */
export async function withSql<T>(url: string, action: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}
