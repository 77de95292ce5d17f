// Kept for src/org/service.ts until it imports the refresh from members/service.ts.
export { refreshSubtreeCounts } from './counts-repo.js';
