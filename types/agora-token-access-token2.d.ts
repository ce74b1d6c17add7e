// agora-token ships types for its builders only; these cover the parser and service classes
// it also exports from src/AccessToken2.js, which token minting and verification use directly.
declare module 'agora-token/src/AccessToken2.js' {
  export class Service {
    service_type(): number;
    add_privilege(privilege: number, expire: number): void;
  }
  export class ServiceChat extends Service {
    constructor(userId?: string);
    static readonly kPrivilegeUser: number;
    static readonly kPrivilegeApp: number;
    __privileges: Record<number, number>;
  }
  export class AccessToken2 {
    constructor(appId?: string, appCertificate?: string, issueTs?: number, expire?: number);
    appId: string;
    issueTs: number;
    expire: number;
    salt: number;
    services: Service[];
    add_service(service: Service): void;
    getServices(serviceType: number): Service[];
    build(): string;
    from_string(token: string): boolean;
    verifySignature(appCertificate: string): boolean;
  }
  export const kChatServiceType: number;
}
