import { describeBackgroundJobs } from './jobs-contract.js';
import { InProcessJobs } from './memory-queue.js';

describeBackgroundJobs('in-process', { create: () => new InProcessJobs() });
