/** A stand-in for the Agora client's transport that keeps each request's spec and answers every one with `data`. */
export interface RecordedSpec {
  endpoint: string;
  method: string;
  idempotent: boolean;
}

export function recordingTransport(data: unknown) {
  const specs: RecordedSpec[] = [];
  const transport = {
    send: async (spec: RecordedSpec) => {
      specs.push({ endpoint: spec.endpoint, method: spec.method, idempotent: spec.idempotent });
      return { data };
    },
  };
  return { transport: transport as never, specs };
}
