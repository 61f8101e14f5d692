// The web budgets measured in a browser (`make bench`, not `make test`): the same local server the
// browser tests start, one worker, the results printed for target/bench-results.txt.
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({ ...base, testDir: 'bench', reporter: [['list']] });
