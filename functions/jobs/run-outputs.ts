/**
 * The part writers of a run in one invocation: a JSON-lines writer per series, and a CSV writer
 * beside it where the series has columns. Part numbers and record counts continue from the run's
 * state, and closing adds this invocation's parts to it, so a run cut into many invocations
 * writes the same records as one that never stopped (parts of a resumed invocation carry its tag).
 */
import type { RunState } from './checkpoint.js';
import type { OutputSeries } from './job.js';
import type { OutputStore } from './output-store.js';
import { PartWriter, type PartFormat } from './part-writer.js';
import type { CallOptions } from '../agora/index.js';

type Progress = Pick<RunState<unknown>, 'keyPrefix' | 'parts' | 'nextPart' | 'records' | 'recordsPerPart'>;

interface SeriesWriters {
  series: OutputSeries<never>;
  writers: PartWriter<never>[];
  /** Records written by earlier invocations. */
  earlier: number;
}

/** The state key of a series' next part number in one format. */
const partCounter = (series: string, format: PartFormat) => `${series}.${format}`;

export class RunOutputs {
  private readonly byName = new Map<string, SeriesWriters>();

  constructor(
    private readonly state: Progress,
    outputs: readonly OutputSeries<never>[],
    options: { store: OutputStore; tag: string; call?: CallOptions },
  ) {
    for (const series of outputs) {
      const common = {
        store: options.store,
        keyPrefix: `${state.keyPrefix}${series.prefix}`,
        tag: options.tag,
        recordsPerPart: state.recordsPerPart,
        ...(options.call && { call: options.call }),
      };
      const writers = [
        new PartWriter<never>({
          ...common,
          format: 'jsonl',
          firstPart: state.nextPart[partCounter(series.name, 'jsonl')] ?? 0,
        }),
      ];
      if (series.csv) {
        writers.push(
          new PartWriter<never>({
            ...common,
            format: 'csv',
            ...series.csv,
            firstPart: state.nextPart[partCounter(series.name, 'csv')] ?? 0,
          }),
        );
      }
      this.byName.set(series.name, { series, writers, earlier: state.records[series.name] ?? 0 });
    }
  }

  async write(series: string, record: unknown): Promise<void> {
    for (const writer of this.writersOf(series).writers) await writer.write(record as never);
  }

  /** Records of a series in the whole run so far. */
  records(series: string): number {
    const { writers, earlier } = this.writersOf(series);
    return earlier + writers[0]!.records;
  }

  /** Finishes every open part and records parts, numbering and counts in the run's state. */
  async close(): Promise<void> {
    for (const { series, writers } of this.byName.values()) {
      const records = this.records(series.name);
      for (const writer of writers) {
        this.state.parts.push(...(await writer.close()));
        this.state.nextPart[partCounter(series.name, writer.format)] = writer.nextPartNumber;
      }
      this.state.records[series.name] = records;
    }
  }

  private writersOf(series: string): SeriesWriters {
    const found = this.byName.get(series);
    if (!found) throw new Error(`no output series "${series}"`);
    return found;
  }
}
