// Kept until src/org/service.ts imports refreshSubtreeCounts from members/service.ts; then delete this file.
export { refreshSubtreeCounts } from './counts-repo.js';
