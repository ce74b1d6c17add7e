/**
 * Response schemas: what each endpoint's `data` must hold. Unknown fields are tolerated (the
 * service adds fields over time); a missing or mistyped field is an error, raised by the
 * transport as an {@link AgoraResponseValidationError} carrying the body.
 *
 * Each schema maps the service's wire names to the client's types in one step, so that quirks
 * (create's `desc`, list items' `org#app_user` owners, millisecond strings) stop here.
 */
import * as z from 'zod';

/** Fields every success body carries; `data` is checked per endpoint. */
export const envelopeSchema = z.looseObject({
  action: z.string().optional(),
  uri: z.string().optional(),
  timestamp: z.number().optional(),
  duration: z.number().optional(),
  data: z.unknown(),
  cursor: z.string().optional(),
  count: z.number().optional(),
});

const millis = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);

export const createdGroupSchema = z
  .looseObject({ groupid: z.string() })
  .transform((data) => ({ groupId: data.groupid }));
export type CreatedGroup = z.output<typeof createdGroupSchema>;

export const disabledStateSchema = z.looseObject({ disabled: z.boolean() });
export type DisabledState = z.output<typeof disabledStateSchema>;

const affiliationSchema = z.union([
  z.looseObject({ owner: z.string() }).transform((a) => ({ role: 'owner' as const, username: a.owner })),
  z.looseObject({ member: z.string() }).transform((a) => ({ role: 'member' as const, username: a.member })),
]);

export const groupDetailsSchema = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    membersonly: z.boolean(),
    allowinvites: z.boolean(),
    maxusers: z.number(),
    owner: z.string(),
    created: millis,
    custom: z.string().optional(),
    affiliations_count: z.number(),
    disabled: z.boolean(),
    affiliations: z.array(affiliationSchema),
    public: z.boolean(),
    // Undocumented by Agora: a value of another type is read as absent, not as a broken group.
    mute: z.boolean().optional().catch(undefined),
  })
  .transform((g) => ({
    id: g.id,
    name: g.name,
    description: g.description,
    owner: g.owner,
    public: g.public,
    membersOnly: g.membersonly,
    allowInvites: g.allowinvites,
    maxUsers: g.maxusers,
    memberCount: g.affiliations_count,
    created: g.created,
    disabled: g.disabled,
    custom: g.custom ?? '',
    affiliations: g.affiliations,
    // Easemob's details say whether the whole group is muted; Agora's pages name no such field.
    ...(g.mute !== undefined && { mutedAll: g.mute }),
  }));
/** One group's details, as get details returns them. */
export type GroupDetails = z.output<typeof groupDetailsSchema>;
export const groupDetailsListSchema = z.array(groupDetailsSchema);

export const modifiedFieldsSchema = z.record(z.string(), z.boolean());
/** Which fields a modify changed, by wire name (`groupname`, `description`, ...). */
export type ModifiedFields = z.output<typeof modifiedFieldsSchema>;

export const deletedGroupSchema = z
  .looseObject({ success: z.boolean(), groupid: z.string() })
  .transform((d) => ({ success: d.success, groupId: d.groupid }));
export type DeletedGroup = z.output<typeof deletedGroupSchema>;

/** `{org}#{app}_{username}`: the app key and an underscore precede the user id. */
const qualifiedOwner = /^[^#]+#[^_]+_(.+)$/;

export const groupSummarySchema = z
  .looseObject({
    groupid: z.string(),
    groupname: z.string(),
    owner: z.string(),
    affiliations: z.number(),
    type: z.string(),
    last_modified: millis,
  })
  .transform((g) => ({
    id: g.groupid,
    name: g.groupname,
    /** The owner as the service lists it: `{org}#{app}_{username}`. */
    owner: g.owner,
    /** The owner's plain user id, as get details reports it. */
    ownerUsername: qualifiedOwner.exec(g.owner)?.[1] ?? g.owner,
    memberCount: g.affiliations,
    type: g.type,
    lastModified: g.last_modified,
  }));
/** One item of list all. */
export type GroupSummary = z.output<typeof groupSummarySchema>;
export const groupSummaryListSchema = z.array(groupSummarySchema);

export const joinedGroupSchema = z
  .looseObject({ groupid: z.string(), groupname: z.string() })
  .transform((g) => ({ id: g.groupid, name: g.groupname }));
/** One group a user has joined. */
export type JoinedGroup = z.output<typeof joinedGroupSchema>;
export const joinedGroupListSchema = z.array(joinedGroupSchema);

/** One page of list all. */
export interface GroupPage {
  groups: GroupSummary[];
  /** Absent on the last page. */
  cursor?: string;
}
