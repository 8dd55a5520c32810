import type { ForecastCategory } from '@alignboard/contracts';

/**
 * SPEC §3: a Salesforce forecast category is read by its API value
 * (`ForecastCategory`), never by its label, which orgs rename. A closed
 * record is decided by its stage (`IsClosed` / `IsWon`) whatever the category says.
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunity.htm
 */
const openCategories: Record<string, ForecastCategory> = {
  Pipeline: 'pipeline',
  BestCase: 'upside',
  MostLikely: 'upside',
  Forecast: 'commit',
  Omitted: 'omitted',
};

export interface CategoryReading {
  category: ForecastCategory;
  warning?: string;
}

/** The category of a record or history row; null when the API value is not one Salesforce defines. */
export function readForecastCategory(apiValue: string | null, stage: { isClosed: boolean; isWon: boolean } | null): CategoryReading | null {
  if (stage?.isClosed) return { category: stage.isWon ? 'closed_won' : 'closed_lost' };
  if (apiValue === 'Closed') {
    // Unknown stage (renamed or deleted since): Closed is Salesforce's category for won stages.
    if (!stage) return { category: 'closed_won' };
    return { category: 'commit', warning: 'forecast category Closed on an open stage: counted as commit' };
  }
  const category = apiValue === null ? undefined : openCategories[apiValue];
  return category ? { category } : null;
}
