/** One record of the audit trail as the gateway writes it: who saw or was refused what, about whom. */
export const AUDIT_OUTCOMES = ['DISCLOSED', 'REFUSED', 'PARTIAL', 'NO_PERSONAL_DATA', 'ERROR'] as const;
export type AuditEntryOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditEntry {
  subject: string;
  agency: string;
  role: string;
  purpose: string;
  operationName: string | null;
  /** SHA-256 of the document the client sent. */
  operationHash: string;
  /** SHA-256 of the document the gateway ran (refused fields removed); null when nothing ran. */
  executedOperationHash: string | null;
  /** Hub ids of the people whose data was returned. */
  people: string[];
  /**
   * Hub ids of restricted people the request asked about by key and was answered as if they did
   * not exist (their data did not leave); absent or empty for most records.
   */
  withheld?: string[];
  /** Schema coordinates disclosed, e.g. `Person.offences`. */
  disclosed: string[];
  /** Schema coordinates refused. */
  refused: string[];
  outcome: AuditEntryOutcome;
  correlationId: string;
}
