/** The DynamoDB message counters against dynalite, over the DynamoDB wire protocol: the same contract as in memory. */
import { DynamoDbMessageCounters } from '../../functions/ledger/index.js';
import { ledgerTableOnDynalite } from '../helpers/dynalite-ledger-table.js';
import { describeMessageCounters } from '../helpers/message-counters-contract.js';

const client = ledgerTableOnDynalite('counters-test');
const counters = () => new DynamoDbMessageCounters(client(), 'counters-test');

describeMessageCounters('dynamodb', counters);
