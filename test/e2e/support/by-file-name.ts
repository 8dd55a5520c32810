import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Runs the browser tests in the order of their file names (`01-…`, `02-…`):
 * later files see what earlier ones did to the shared demo (a manual link
 * changes the joint number), so the order is part of the test.
 */
export class ByFileName extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}
