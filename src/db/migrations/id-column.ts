import type { ColumnDefinitionBuilder } from 'kysely';
import type { DialectName } from '../connection.js';

/** An auto-numbered primary key on either database: `.addColumn('id', ...idColumn(dialect))`. */
export function idColumn(dialect: DialectName): ['serial' | 'integer', (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder] {
  return dialect === 'postgres' ? ['serial', (c) => c.primaryKey()] : ['integer', (c) => c.primaryKey().autoIncrement()];
}
