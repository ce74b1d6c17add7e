/**
 * The response examples of the reference page (agora-chat-group-rest-api.zh.md), copied as they
 * stand, parse with the client's schemas. Two are not valid JSON on the page; the fix applied is
 * noted beside each.
 */
import { describe, expect, it } from 'vitest';
import {
  createdGroupSchema,
  deletedGroupSchema,
  disabledStateSchema,
  envelopeSchema,
  groupDetailsListSchema,
  groupSummaryListSchema,
  joinedGroupListSchema,
  modifiedFieldsSchema,
} from '../../../functions/agora/responses.js';

const create = `{
    "action": "post",
    "application": "8be024f0-XXXX-XXXX-b697-5d598d5f8402",
    "uri": "http://XXXX/XXXX/XXXX/chatgroups",
    "entities": [],
    "data": {
      "groupid": "6602XXXX783617"
    },
    "timestamp": 1542361730243,
    "duration": 0,
    "organization": "XXXX",
    "applicationName": "XXXX"
}`;

const disable = `{
    "action": "post",
    "application": "XXXX",
    "applicationName": "XXXX",
    "data": {
        "disabled": true
    },
    "duration": 740,
    "entities": [],
    "organization": "XXXX",
    "properties": {},
    "timestamp": 1672974260359,
    "uri": "http://XXXX/XXXX/XXXX/chatgroups/XXXX/disable"
}`;

const enable = disable.replace('"disabled": true', '"disabled": false');

// Fixed: the page's example ends with `"applicationName": "XXXX",` before the closing brace.
const details = `{
    "action": "get",
    "application": "8be024f0-XXXX-XXXX-b697-5d598d5f8402",
    "uri": "http://XXXX/XXXX/XXXX/chatgroups/66016455491585",
    "entities": [],
    "data": [
      {
        "id": "66016455491585",
        "name": "testgroup1",
        "description": "testgroup1",
        "membersonly": false,
        "allowinvites": false,
        "maxusers": 200,
        "owner": "user1",
        "created": 1542356598609,
        "custom": "",
        "affiliations_count": 3,
        "disabled": false,
        "affiliations": [
          { "member": "user3" },
          { "member": "user2" },
          { "owner": "user1" }
        ],
        "public": true
      }
    ],
    "timestamp": 1542360200677,
    "duration": 0,
    "organization": "XXXX",
    "applicationName": "XXXX"
}`;

const modify = `{
    "action": "put",
    "application": "8be024f0-XXXX-XXXX-b697-5d598d5f8402",
    "uri": "http://XXXX/XXXX/XXXX/chatgroups/66021836783617",
    "entities": [],
    "data": {
      "membersonly": true,
      "allowinvites": true,
      "description": true,
      "maxusers": true,
      "groupname": true
    },
    "timestamp": 1542363146301,
    "duration": 0,
    "organization": "XXXX",
    "applicationName": "XXXX"
}`;

const remove = `{
    "action": "delete",
    "application": "8be024f0-XXXX-XXXX-b697-5d598d5f8402",
    "uri": "http://XXXX/XXXX/XXXX/chatgroups/66021836783617",
    "entities": [],
    "data": {
      "success": true,
      "groupid": "66021836783617"
    },
    "timestamp": 1542363546590,
    "duration": 0,
    "organization": "XXXX",
    "applicationName": "XXXX"
}`;

const listAll = `{
    "action": "get",
    "params": { "limit": ["2"] },
    "uri": "https://XXXX/XXXX/XXXX/chatgroups",
    "entities": [],
    "data": [
        {
            "owner": "XXXX#XXXX_user1",
            "groupid": "100743775617286960",
            "affiliations": 2,
            "type": "group",
            "last_modified": "1441021038124",
            "groupname": "testgroup1"
        },
        {
            "owner": "XXXX#XXXX_user2",
            "groupid": "100973270123152176",
            "affiliations": 1,
            "type": "group",
            "last_modified": "1441074471486",
            "groupname": "testgroup2"
        }
    ],
    "timestamp": 1441094193812,
    "duration": 14,
    "cursor": "Y2hhdGdyb3VwczplYXNlbW9iLWRlbW8vY2hhdGRlbW91aV8z",
    "count": 2
}`;

// Fixed: the page's example has a trailing comma after the last item of "data".
const joined = `{
    "action": "get",
    "application": "8be024f0-XXXX-XXXX-b697-5d598d5f8402",
    "uri": "http://XXXX/XXXX/XXXX/users/user1/joined_chatgroups",
    "entities": [],
    "data": [
      { "groupid": "66XXXX85", "groupname": "testgroup1" },
      { "groupid": "66016467025921", "groupname": "testgroup2" }
    ],
    "timestamp": 1542359565885,
    "duration": 1,
    "organization": "XXXX",
    "applicationName": "testapp",
    "count": 2
}`;

const joinedEmptyPage = `{
    "action":"get",
    "application":"8bXXXX02",
    "applicationName":"testapp",
    "count":0,
    "data":[],
    "duration":0,
    "entities":[],
    "organization":"XXXX",
    "params":{ "pagesize":["1"], "pagenum":["100"] },
    "properties":{},
    "timestamp":1645177932072,
    "uri":"http://XXXX/XXXX/XXXX/users/user1/joined_chatgroups"
}`;

const data = (json: string) => envelopeSchema.parse(JSON.parse(json)).data;

describe('reference page examples', () => {
  it('create', () => {
    expect(createdGroupSchema.parse(data(create))).toEqual({ groupId: '6602XXXX783617' });
  });

  it('disable and enable', () => {
    expect(disabledStateSchema.parse(data(disable))).toEqual({ disabled: true });
    expect(disabledStateSchema.parse(data(enable))).toEqual({ disabled: false });
  });

  it('get details', () => {
    const [group] = groupDetailsListSchema.parse(data(details));
    expect(group).toMatchObject({
      id: '66016455491585',
      owner: 'user1',
      memberCount: 3,
      maxUsers: 200,
      disabled: false,
      public: true,
    });
    expect(group?.affiliations).toContainEqual({ role: 'owner', username: 'user1' });
  });

  it('modify', () => {
    expect(modifiedFieldsSchema.parse(data(modify))).toEqual({
      membersonly: true,
      allowinvites: true,
      description: true,
      maxusers: true,
      groupname: true,
    });
  });

  it('delete', () => {
    expect(deletedGroupSchema.parse(data(remove))).toEqual({ success: true, groupId: '66021836783617' });
  });

  it('list all, with the owner also as a plain user id and the cursor', () => {
    const envelope = envelopeSchema.parse(JSON.parse(listAll));
    const groups = groupSummaryListSchema.parse(envelope.data);
    expect(envelope.cursor).toBe('Y2hhdGdyb3VwczplYXNlbW9iLWRlbW8vY2hhdGRlbW91aV8z');
    expect(groups[0]).toEqual({
      id: '100743775617286960',
      name: 'testgroup1',
      owner: 'XXXX#XXXX_user1',
      ownerUsername: 'user1',
      memberCount: 2,
      type: 'group',
      lastModified: 1441021038124,
    });
  });

  it('joined groups, and an empty page past the end', () => {
    expect(joinedGroupListSchema.parse(data(joined))).toEqual([
      { id: '66XXXX85', name: 'testgroup1' },
      { id: '66016467025921', name: 'testgroup2' },
    ]);
    expect(joinedGroupListSchema.parse(data(joinedEmptyPage))).toEqual([]);
  });

  it('rejects a details item with a mistyped field', () => {
    const bad = JSON.parse(details) as { data: Record<string, unknown>[] };
    bad.data[0]!.disabled = 'no';
    expect(groupDetailsListSchema.safeParse(bad.data).success).toBe(false);
  });
});
