/** The DynamoDB ledger against dynalite, over the DynamoDB wire protocol: the same contract as in memory. */
import { DynamoDbLedger } from '../../functions/ledger/index.js';
import { ledgerTableOnDynalite } from '../helpers/dynalite-ledger-table.js';
import { describeLedger } from '../helpers/ledger-contract.js';

const client = ledgerTableOnDynalite('ledger-test');
const ledger = () => new DynamoDbLedger(client(), 'ledger-test');

describeLedger('dynamodb', ledger);
