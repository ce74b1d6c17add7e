/** The in-memory ledger against the ladder's part of the ledger's contract. */
import { MemoryLedger } from '../../../functions/ledger/memory-ledger.js';
import { describeLadderLedger } from '../../helpers/ladder-ledger-contract.js';

const ledger = new MemoryLedger();
describeLadderLedger('memory', () => ledger);
