import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connection.js';
import { indexText, type SearchQuery } from './query.js';

/**
 * Full-text search over published articles, the one place where SQLite and
 * PostgreSQL differ. Both index text already folded by the application
 * (lib/fold), so both see the same words and give the same hits.
 */
export interface SearchHit {
  id: number;
  phraseHit: boolean;
}

export interface SearchPage {
  hits: SearchHit[];
  total: number;
}

export interface ArticleSearchText {
  headline: string;
  lead: string;
  body: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function createSearchIndex(db: AnyDb, dialect: DialectName): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`CREATE VIRTUAL TABLE article_fts USING fts5(headline, body, content='', contentless_delete=1, tokenize='unicode61')`.execute(
      db,
    );
  } else {
    await sql`CREATE TABLE article_fts (article_id integer PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, tsv tsvector NOT NULL)`.execute(
      db,
    );
    await sql`CREATE INDEX article_fts_tsv ON article_fts USING gin (tsv)`.execute(db);
  }
}

export async function indexArticle(db: AnyDb, dialect: DialectName, id: number, text: ArticleSearchText): Promise<void> {
  const headline = indexText(text.headline);
  const body = indexText(`${text.lead} ${text.body}`);
  await removeArticle(db, dialect, id);
  if (dialect === 'sqlite') {
    await sql`INSERT INTO article_fts (rowid, headline, body) VALUES (${id}, ${headline}, ${body})`.execute(db);
  } else {
    await sql`INSERT INTO article_fts (article_id, tsv) VALUES (${id},
      setweight(to_tsvector('simple', ${headline}), 'A') || setweight(to_tsvector('simple', ${body}), 'D'))`.execute(db);
  }
}

/** Indexes articles not yet in the index (new ones), in one statement. */
export async function indexArticles(db: AnyDb, dialect: DialectName, items: Array<{ id: number; text: ArticleSearchText }>): Promise<void> {
  if (items.length === 0) return;
  const rows = items.map(({ id, text }) => ({ id, headline: indexText(text.headline), body: indexText(`${text.lead} ${text.body}`) }));
  if (dialect === 'sqlite') {
    await sql`INSERT INTO article_fts (rowid, headline, body) VALUES ${sql.join(rows.map((r) => sql`(${r.id}, ${r.headline}, ${r.body})`))}`.execute(
      db,
    );
  } else {
    await sql`INSERT INTO article_fts (article_id, tsv) VALUES ${sql.join(
      rows.map(
        (r) => sql`(${r.id}, setweight(to_tsvector('simple', ${r.headline}), 'A') || setweight(to_tsvector('simple', ${r.body}), 'D'))`,
      ),
    )}`.execute(db);
  }
}

export async function removeArticle(db: AnyDb, dialect: DialectName, id: number): Promise<void> {
  if (dialect === 'sqlite') await sql`DELETE FROM article_fts WHERE rowid = ${id}`.execute(db);
  else await sql`DELETE FROM article_fts WHERE article_id = ${id}`.execute(db);
}

export async function searchArticles(
  db: AnyDb,
  dialect: DialectName,
  query: SearchQuery,
  limit: number,
  offset: number,
): Promise<SearchPage> {
  return dialect === 'sqlite' ? searchSqlite(db, query, limit, offset) : searchPostgres(db, query, limit, offset);
}

// Terms are [a-z0-9] words (see query.ts), so quoting them is all FTS5 needs.
const fts5Phrase = (words: string[]) => `"${words.join(' ')}"`;

async function searchSqlite(db: AnyDb, q: SearchQuery, limit: number, offset: number): Promise<SearchPage> {
  const match = [...q.terms.map((t) => fts5Phrase([t])), ...q.requiredPhrases.map(fts5Phrase)].join(' AND ');
  const phrase = q.preferredPhrase ? fts5Phrase(q.preferredPhrase) : null;
  const totalRow = await sql<{ n: number }>`SELECT count(*) AS n FROM article_fts WHERE article_fts MATCH ${match}`.execute(db);
  const phraseHit = phrase ? sql`(rowid IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ${phrase}))` : sql`1`;
  const rows = await sql<{ id: number; phrase_hit: number }>`
    SELECT rowid AS id, ${phraseHit} AS phrase_hit FROM article_fts
    WHERE article_fts MATCH ${match}
    ORDER BY phrase_hit DESC, bm25(article_fts, 4.0, 1.0), rowid DESC
    LIMIT ${limit} OFFSET ${offset}`.execute(db);
  return {
    total: Number(totalRow.rows[0]?.n ?? 0),
    hits: rows.rows.map((r) => ({ id: Number(r.id), phraseHit: Number(r.phrase_hit) === 1 })),
  };
}

const tsPhrase = (words: string[]) => words.join(' <-> ');

async function searchPostgres(db: AnyDb, q: SearchQuery, limit: number, offset: number): Promise<SearchPage> {
  const all = [...q.terms, ...q.requiredPhrases.map((p) => `(${tsPhrase(p)})`)].join(' & ');
  const phrase = q.preferredPhrase ? tsPhrase(q.preferredPhrase) : null;
  const totalRow = await sql<{ n: number }>`SELECT count(*) AS n FROM article_fts WHERE tsv @@ to_tsquery('simple', ${all})`.execute(db);
  const phraseHit = phrase ? sql`(tsv @@ to_tsquery('simple', ${phrase}))` : sql`true`;
  const rows = await sql<{ id: number; phrase_hit: boolean }>`
    SELECT article_id AS id, ${phraseHit} AS phrase_hit FROM article_fts
    WHERE tsv @@ to_tsquery('simple', ${all})
    ORDER BY phrase_hit DESC, ts_rank(tsv, to_tsquery('simple', ${all})) DESC, article_id DESC
    LIMIT ${limit} OFFSET ${offset}`.execute(db);
  return {
    total: Number(totalRow.rows[0]?.n ?? 0),
    hits: rows.rows.map((r) => ({ id: Number(r.id), phraseHit: r.phrase_hit === true })),
  };
}
