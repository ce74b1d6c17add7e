/** The in-memory ledger of the unit tests against the ledger's contract: the same one the DynamoDB adapter meets. */
import { MemoryLedger } from '../../../functions/ledger/memory-ledger.js';
import { describeLedger } from '../../helpers/ledger-contract.js';

const ledger = new MemoryLedger();
describeLedger('memory', () => ledger);
