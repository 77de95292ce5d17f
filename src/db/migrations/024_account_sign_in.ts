import { sql, type Kysely } from 'kysely';
import { fold } from '../../lib/fold.js';

/**
 * Accounts: when each last signed in (written at sign-in, never by a page view; filled from the
 * sessions still kept), and its name and login folded (lower case, no diacritics, đ → d) for the
 * accounts page's search.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export function accountSignIn() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('users').addColumn('last_sign_in_at', 'bigint').execute();
      await db.schema
        .alterTable('users')
        .addColumn('search_folded', 'varchar(400)', (c) => c.notNull().defaultTo(''))
        .execute();
      await sql`UPDATE users SET last_sign_in_at = (SELECT max(s.created_at) FROM sessions s WHERE s.user_id = users.id)`.execute(db);
      const users = await db.selectFrom('users').select(['id', 'login', 'full_name']).execute();
      for (const u of users)
        await db
          .updateTable('users')
          .set({ search_folded: accountSearchText(u.full_name, u.login) })
          .where('id', '=', u.id)
          .execute();
    },
  };
}

/** What the accounts search looks in: the folded name and the login. */
export function accountSearchText(fullName: string, login: string): string {
  return `${fold(fullName)} ${login.toLowerCase()}`.slice(0, 400);
}
