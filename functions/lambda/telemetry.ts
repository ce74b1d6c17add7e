/** Powertools' logger and metrics, made the same way for every function. */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';

export const DEFAULT_METRICS_NAMESPACE = 'AgoraGroupModeration';

export interface Telemetry {
  logger: Logger;
  metrics: Metrics;
}

export interface TelemetryOptions {
  /** The `service` key of every log line and the `service` dimension of every metric. */
  serviceName: string;
  /** @default 'AgoraGroupModeration' */
  namespace?: string | undefined;
  /** @default Powertools' default (`POWERTOOLS_LOG_LEVEL`, else INFO) */
  logLevel?: LogLevel | undefined;
}

export function createTelemetry(options: TelemetryOptions): Telemetry {
  return {
    logger: new Logger({ serviceName: options.serviceName, ...(options.logLevel && { logLevel: options.logLevel }) }),
    metrics: new Metrics({
      serviceName: options.serviceName,
      namespace: options.namespace ?? DEFAULT_METRICS_NAMESPACE,
    }),
  };
}
