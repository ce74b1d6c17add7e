import type { EmulatedEndpoint } from './rate-limits.js';

/** A scripted failure: a status with the service's error code, or `reset` to drop the connection. */
export type Fault = 'reset' | { status: number; error?: string; description?: string };

export interface FaultSettings {
  /** Answers for the next matching requests, one each, in order; then normal service resumes. */
  sequence?: (Fault | number)[];
  /** Share (0 to 1) of matching requests that fail with `rateStatus`. @default 0 */
  errorRate?: number;
  /** What `errorRate` answers. @default 503 */
  rateStatus?: number;
  /** Delay added before every matching answer, in ms. @default 0 */
  latencyMs?: number;
  /** Endpoints the faults apply to. @default every endpoint */
  endpoints?: EmulatedEndpoint[];
}

const DEFAULT_CODES: Record<number, string> = {
  400: 'invalid_parameter',
  401: 'unauthorized',
  403: 'forbidden_op',
  404: 'service_resource_not_found',
  429: 'reach_limit',
};

/** Decides, request by request, whether the emulator misbehaves. */
export class FaultInjector {
  private settings: FaultSettings = {};
  private queue: Fault[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  /** Replaces the current faults; `{}` clears them. */
  set(settings: FaultSettings): void {
    this.settings = settings;
    this.queue = (settings.sequence ?? []).map((f) => (typeof f === 'number' ? { status: f } : f));
  }

  clear(): void {
    this.set({});
  }

  latencyFor(endpoint: EmulatedEndpoint): number {
    return this.applies(endpoint) ? (this.settings.latencyMs ?? 0) : 0;
  }

  /** The fault to answer this request with, if any, with its error code filled in. */
  next(endpoint: EmulatedEndpoint): Fault | undefined {
    if (!this.applies(endpoint)) return undefined;
    const scripted = this.queue.shift();
    if (scripted) return scripted === 'reset' ? scripted : { error: DEFAULT_CODES[scripted.status] ?? '', ...scripted };
    const rate = this.settings.errorRate ?? 0;
    if (rate > 0 && this.random() < rate) {
      const status = this.settings.rateStatus ?? 503;
      return { status, error: DEFAULT_CODES[status] ?? '' };
    }
    return undefined;
  }

  private applies(endpoint: EmulatedEndpoint): boolean {
    return !this.settings.endpoints || this.settings.endpoints.includes(endpoint);
  }
}
