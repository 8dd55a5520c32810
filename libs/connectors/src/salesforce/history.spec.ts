import { describe, expect, it } from 'vitest';
import { historySnapshots, stageTable } from './history.js';
import { datedRates, localeCurrency } from './rates.js';

const stages = stageTable([
  { ApiName: 'Prospecting', MasterLabel: 'Prospecting', IsClosed: false, IsWon: false },
  { ApiName: 'Closed_Won', MasterLabel: 'Closed Won', IsClosed: true, IsWon: true },
  { ApiName: 'Closed Lost', MasterLabel: 'Closed Lost', IsClosed: true, IsWon: false },
]);
const row = (o: Record<string, unknown>) => ({ OpportunityId: '006A', StageName: 'Prospecting', Amount: 1000, CloseDate: '2026-03-31', Probability: 10, ForecastCategory: 'Pipeline', ...o });

describe('historySnapshots', () => {
  it('orders each opportunity oldest first and reads every tracked field', () => {
    const snapshots = historySnapshots(
      [
        row({ CreatedDate: '2026-02-01T09:00:00.000+0000', StageName: 'Closed Won', Amount: 1500, Probability: 100, ForecastCategory: 'Closed' }),
        row({ CreatedDate: '2026-01-05T09:00:00.000+0000' }),
        row({ OpportunityId: '006B', CreatedDate: '2026-01-07T10:00:00.000+0000', Amount: null, Probability: 50, ForecastCategory: 'BestCase' }),
      ],
      stages,
    );
    expect(snapshots.get('006A')).toEqual([
      { validFrom: '2026-01-05T09:00:00.000Z', stage: 'Prospecting', amount: '1000', closeDate: '2026-03-31', probability: 0.1, forecastCategory: 'pipeline' },
      { validFrom: '2026-02-01T09:00:00.000Z', stage: 'Closed Won', amount: '1500', closeDate: '2026-03-31', probability: 1, forecastCategory: 'closed_won' },
    ]);
    expect(snapshots.get('006B')).toEqual([
      { validFrom: '2026-01-07T10:00:00.000Z', stage: 'Prospecting', amount: null, closeDate: '2026-03-31', probability: 0.5, forecastCategory: 'upside' },
    ]);
  });

  it('decides won and lost by the stage, found by API name or label', () => {
    const [lost, won] = historySnapshots(
      [
        row({ CreatedDate: '2026-01-01T00:00:00.000+0000', StageName: 'Closed Lost', ForecastCategory: 'Omitted' }),
        row({ CreatedDate: '2026-01-02T00:00:00.000+0000', StageName: 'Closed_Won', ForecastCategory: 'Omitted' }),
      ],
      stages,
    ).get('006A')!;
    expect([lost.forecastCategory, won.forecastCategory]).toEqual(['closed_lost', 'closed_won']);
  });

  it('falls back to the category for a stage that no longer exists', () => {
    const [closed, omitted] = historySnapshots(
      [
        row({ CreatedDate: '2026-01-01T00:00:00.000+0000', StageName: 'Won (old)', ForecastCategory: 'Closed' }),
        row({ CreatedDate: '2026-01-02T00:00:00.000+0000', StageName: 'Parked', ForecastCategory: 'Omitted' }),
      ],
      stages,
    ).get('006A')!;
    expect([closed.forecastCategory, omitted.forecastCategory]).toEqual(['closed_won', 'omitted']);
  });

  it('skips a row it cannot date and leaves an unreadable close date to the current value', () => {
    const snapshots = historySnapshots([row({ CreatedDate: 'soon' }), row({ CreatedDate: '2026-01-03T00:00:00.000+0000', CloseDate: '3/31/2026' })], stages);
    expect(snapshots.get('006A')).toEqual([{ validFrom: '2026-01-03T00:00:00.000Z', stage: 'Prospecting', amount: '1000', probability: 0.1, forecastCategory: 'pipeline' }]);
  });
});

describe('datedRates', () => {
  const currencyTypes = [
    { IsoCode: 'USD', IsCorporate: true, ConversionRate: 1 },
    { IsoCode: 'EUR', IsCorporate: false, ConversionRate: 0.92 },
    { IsoCode: 'JPY', IsCorporate: false, ConversionRate: 151.2 },
  ];

  it('keeps dated ranges, opens the last one, and gives undated currencies their static rate over all time', () => {
    const rates = datedRates(
      [
        { IsoCode: 'EUR', StartDate: '0001-01-01', NextStartDate: '2026-01-01', ConversionRate: 0.9 },
        { IsoCode: 'EUR', StartDate: '2026-01-01', NextStartDate: '9999-12-31', ConversionRate: 0.93 },
      ],
      currencyTypes,
    );
    expect(rates).toEqual([
      { currency: 'EUR', startDate: '0001-01-01', nextStartDate: '2026-01-01', perCorporateUnit: 0.9, corporateCurrency: 'USD' },
      { currency: 'EUR', startDate: '2026-01-01', nextStartDate: null, perCorporateUnit: 0.93, corporateCurrency: 'USD' },
      { currency: 'USD', startDate: '0001-01-01', nextStartDate: null, perCorporateUnit: 1, corporateCurrency: 'USD' },
      { currency: 'JPY', startDate: '0001-01-01', nextStartDate: null, perCorporateUnit: 151.2, corporateCurrency: 'USD' },
    ]);
  });

  it('is empty without a corporate currency', () => {
    expect(datedRates([{ IsoCode: 'EUR', StartDate: '2026-01-01', NextStartDate: '9999-12-31', ConversionRate: 0.93 }], [])).toEqual([]);
  });
});

describe('localeCurrency', () => {
  it('reads the region of a locale', () => {
    expect([localeCurrency('en_US'), localeCurrency('de_DE'), localeCurrency('en_GB'), localeCurrency('ja_JP')]).toEqual(['USD', 'EUR', 'GBP', 'JPY']);
    expect([localeCurrency('en'), localeCurrency('xx_QQ'), localeCurrency(null)]).toEqual([null, null, null]);
  });
});
