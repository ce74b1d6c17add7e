import type { CheckpointState } from './checkpoint.js';
import type { OutputStore } from './output-store.js';
import { PartWriter } from './part-writer.js';

type Row = readonly (string | number | boolean | null | undefined)[];
type Progress = Pick<CheckpointState<unknown>, 'parts' | 'nextPart' | 'records'>;

/**
 * The same records as gzip JSON lines and as CSV, part by part, continuing a run's part numbers
 * and counts (`state`) and adding to them when closed: what both exports write.
 */
export class JsonlAndCsv<T> {
  private readonly jsonl: PartWriter<T>;
  private readonly csv: PartWriter<T>;
  /** Records written by earlier invocations of the run. */
  private readonly earlier: number;

  constructor(
    private readonly state: Progress,
    options: { store: OutputStore; keyPrefix: string; recordsPerPart: number; columns: readonly string[]; toRow: (record: T) => Row },
  ) {
    this.earlier = state.records.jsonl ?? 0;
    const common = { store: options.store, keyPrefix: options.keyPrefix, recordsPerPart: options.recordsPerPart };
    this.jsonl = new PartWriter<T>({ ...common, format: 'jsonl', firstPart: state.nextPart.jsonl ?? 0 });
    this.csv = new PartWriter<T>({ ...common, format: 'csv', columns: options.columns, toRow: options.toRow, firstPart: state.nextPart.csv ?? 0 });
  }

  async write(record: T): Promise<void> {
    await this.jsonl.write(record);
    await this.csv.write(record);
  }

  /** Records of the whole run so far, earlier invocations included. */
  get records(): number {
    return this.earlier + this.jsonl.records;
  }

  /** Finishes both parts and records them, their numbering and the count in the run's state. */
  async close(): Promise<void> {
    const records = this.records;
    this.state.parts.push(...(await this.jsonl.close()), ...(await this.csv.close()));
    this.state.nextPart = { jsonl: this.jsonl.nextPartNumber, csv: this.csv.nextPartNumber };
    this.state.records = { jsonl: records };
  }
}
