import { MemoryCallbackClaims } from '../../../functions/ledger/memory-callback-claims.js';
import { describeCallbackClaims } from '../../helpers/callback-claims-contract.js';

// A clock before every expiry in the contract.
const claims = new MemoryCallbackClaims(() => 0);
describeCallbackClaims('memory', (clock) => (clock ? new MemoryCallbackClaims(clock) : claims));
