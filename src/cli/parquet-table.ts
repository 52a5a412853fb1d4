import { writeFileSync } from 'node:fs';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { TableRow } from './table-row.js';

/**
 * The flat table as Apache Parquet (hyparquet-writer), for analysis tools that read it directly.
 * Rows are held as columns until the end: one row per patient is a few hundred bytes.
 */
export class ParquetTable {
  private readonly columns = new Map<string, Array<string | number | boolean | null>>();
  private rows = 0;

  add(row: TableRow): void {
    for (const [k, v] of Object.entries(row)) {
      let col = this.columns.get(k);
      if (!col) this.columns.set(k, (col = new Array(this.rows).fill(null)));
      col.push(v);
    }
    this.rows++;
    for (const col of this.columns.values()) if (col.length < this.rows) col.push(null);
  }

  write(file: string): void {
    const columnData = [...this.columns.entries()].map(([name, data]) => {
      const sample = data.find((v) => v !== null);
      const type =
        typeof sample === 'number'
          ? ('DOUBLE' as const)
          : typeof sample === 'boolean'
            ? ('BOOLEAN' as const)
            : ('STRING' as const);
      return {
        name,
        type,
        data: type === 'STRING' ? data.map((v) => (v === null ? null : String(v))) : data,
      };
    });
    writeFileSync(file, Buffer.from(parquetWriteBuffer({ columnData })));
  }
}
