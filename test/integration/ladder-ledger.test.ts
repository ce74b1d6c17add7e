/** The DynamoDB ledger against dynalite for the ladder's part of the contract: the same as in memory. */
import { DynamoDbLedger } from '../../functions/ledger/index.js';
import { ledgerTableOnDynalite } from '../helpers/dynalite-ledger-table.js';
import { describeLadderLedger } from '../helpers/ladder-ledger-contract.js';

const client = ledgerTableOnDynalite('ladder-ledger-test');
describeLadderLedger('dynamodb', () => new DynamoDbLedger(client(), 'ladder-ledger-test'));
