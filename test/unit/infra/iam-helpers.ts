import type { Template } from 'aws-cdk-lib/assertions';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

/** A logical id without its 8-digit hash, so expectations survive unrelated changes. */
const unhashed = (text: string) => text.replace(/([A-Za-z0-9]+?)[A-F0-9]{8}\b/g, '$1');

/** A resource of a statement as short text: `Queue.Arn`, `Ledger.Arn`, `arn:...:schedule/<group>/*`. */
function describeResource(resource: unknown): string {
  const text = JSON.stringify(resource);
  if (typeof resource === 'object' && resource !== null && 'Fn::GetAtt' in resource)
    return unhashed((resource as { 'Fn::GetAtt': string[] })['Fn::GetAtt'].join('.'));
  if (typeof resource === 'object' && resource !== null && 'Ref' in resource)
    return unhashed((resource as { Ref: string }).Ref);
  if (typeof resource === 'object' && resource !== null && 'Fn::Join' in resource) {
    const [, parts] = (resource as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    return parts.map((part) => (typeof part === 'string' ? unhashed(part) : describeResource(part))).join('');
  }
  return typeof resource === 'string' ? resource : text;
}

/**
 * Every permission a role holds, in its default policy and inline policies, as sorted lines
 * `action resource [condition]`: one line per action and resource, so a test pins the exact set.
 */
export function permissionsOf(template: Template, rolePrefix: string): string[] {
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const roleId = Object.keys(resources).find(
    (id) => resources[id]!.Type === 'AWS::IAM::Role' && id.startsWith(rolePrefix) && unhashed(id) === rolePrefix,
  );
  if (!roleId) throw new Error(`no role ${rolePrefix}`);
  const role = resources[roleId]!;
  const statements: Statement[] = [
    ...((role.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? []).flatMap(
      (policy) => policy.PolicyDocument.Statement,
    ),
    ...Object.values(resources)
      .filter(
        (r) =>
          r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId }]),
      )
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement),
  ];
  return statements
    .flatMap((statement) =>
      [statement.Action]
        .flat()
        .flatMap((action) =>
          [statement.Resource]
            .flat()
            .map(
              (resource) =>
                `${statement.Effect === 'Allow' ? '' : 'DENY '}${action} ${describeResource(resource)}${statement.Condition ? ` ${JSON.stringify(statement.Condition)}` : ''}`,
            ),
        ),
    )
    .sort();
}
