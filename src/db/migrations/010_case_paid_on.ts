import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
export function casePaidOn() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      // The day a case was paid, kept on the case: a gift handed over in kind alone writes no ledger entry.
      await db.schema.alterTable('care_cases').addColumn('paid_on', 'varchar(10)').execute();
      await sql`UPDATE care_cases SET paid_on = COALESCE((SELECT e.entry_date FROM fund_entries e WHERE e.id = care_cases.paid_entry_id), occurred_on)
        WHERE status IN ('paid', 'closed')`.execute(db);
      await db.schema.createIndex('care_cases_paid_on').on('care_cases').columns(['paid_on']).execute();
    },
  };
}
