/** The group switch of one attempt at an event, remembering the last call it made. */
import type { CallOptions } from '../../agora/index.js';
import type { GroupSwitch } from './moderation-context.js';

export type SwitchCall = 'disable' | 'enable';

export class RecordingSwitch implements GroupSwitch {
  /** The last call made through this switch that the service answered; `undefined` before any. */
  lastCall: SwitchCall | undefined;

  constructor(private readonly groups: GroupSwitch) {}

  async disable(groupId: string, options?: CallOptions): Promise<unknown> {
    return this.record('disable', await this.groups.disable(groupId, options));
  }

  async enable(groupId: string, options?: CallOptions): Promise<unknown> {
    return this.record('enable', await this.groups.enable(groupId, options));
  }

  private record(call: SwitchCall, answer: unknown): unknown {
    this.lastCall = call;
    return answer;
  }
}
