import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
export const sparseCitizenIndex = {
  async up(db: Kysely<any>): Promise<void> {
    // The citizen-ID number is optional: in a registry where most members have none,
    // SQLite's statistics count the empty ones as one value shared by nearly every row,
    // and its planner then reads the whole table for each number an import looks up.
    // An index of the members who have a number keeps true statistics on both databases.
    await db.schema.dropIndex('members_citizen').execute();
    await db.schema
      .createIndex('members_citizen')
      .on('members')
      .column('citizen_id')
      .where(sql.ref('citizen_id'), 'is not', null)
      .execute();
  },
};
