/**
 * The housing authorities' view of the synthetic population: for everyone with a housing
 * reference, an accommodation history whose IN_CUSTODY periods are exactly the custody episodes
 * every partner agrees on, the homelessness duties around the hard moves, and so the prison-release
 * outcomes that follow from them.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Faker } from '@faker-js/faker';
import { addDays } from '../../subgraphs/kit/dates';
import { Agency } from '../../subgraphs/kit/agency';
import { LOCAL_AUTHORITIES, streamFaker, type LocalAuthority, type SyntheticPopulation } from '../population';
import { sharedFacts } from '../shared-facts';
import { LatestChanges } from '../record-changes';
import { HousingClient } from '../../subgraphs/housing/entities/housing-client.entity';
import { AccommodationPeriod } from '../../subgraphs/housing/entities/accommodation-period.entity';
import { HomelessnessCase } from '../../subgraphs/housing/entities/homelessness-case.entity';
import { ACCOMMODATED_STATUSES, AccommodationStatus as S, HomelessnessDuty, HomelessnessOutcome, HomelessnessReferralRoute } from '../../subgraphs/housing/entities/enums';

/** Neighbouring authorities outside the county that take some placements. */
const OUT_OF_COUNTY: LocalAuthority[] = [
  { code: 'KGM', name: 'Kingsmere' },
  { code: 'DRV', name: 'Dunravel' },
];

type Weights<T extends string> = [T, number][];

const ON_RELEASE: Weights<S> = [[S.SETTLED, 0.22], [S.TEMPORARY, 0.22], [S.SUPPORTED, 0.15], [S.APPROVED_PREMISES, 0.23], [S.NO_FIXED_ABODE, 0.12], [S.ROUGH_SLEEPING, 0.06]];
const AT_FIRST_CONTACT: Weights<S> = [[S.SETTLED, 0.4], [S.TEMPORARY, 0.2], [S.SUPPORTED, 0.1], [S.NO_FIXED_ABODE, 0.2], [S.ROUGH_SLEEPING, 0.1]];
const NEXT: Record<Exclude<S, S.IN_CUSTODY>, Weights<S>> = {
  [S.SETTLED]: [[S.TEMPORARY, 0.4], [S.NO_FIXED_ABODE, 0.35], [S.ROUGH_SLEEPING, 0.1], [S.SUPPORTED, 0.15]],
  [S.TEMPORARY]: [[S.SETTLED, 0.45], [S.SUPPORTED, 0.25], [S.NO_FIXED_ABODE, 0.2], [S.ROUGH_SLEEPING, 0.1]],
  [S.SUPPORTED]: [[S.SETTLED, 0.6], [S.TEMPORARY, 0.25], [S.NO_FIXED_ABODE, 0.15]],
  [S.APPROVED_PREMISES]: [[S.SETTLED, 0.35], [S.SUPPORTED, 0.35], [S.TEMPORARY, 0.2], [S.NO_FIXED_ABODE, 0.1]],
  [S.NO_FIXED_ABODE]: [[S.TEMPORARY, 0.45], [S.SUPPORTED, 0.2], [S.SETTLED, 0.15], [S.ROUGH_SLEEPING, 0.2]],
  [S.ROUGH_SLEEPING]: [[S.TEMPORARY, 0.5], [S.SUPPORTED, 0.3], [S.NO_FIXED_ABODE, 0.2]],
};
const DURATION_DAYS: Record<Exclude<S, S.IN_CUSTODY>, [number, number]> = {
  [S.SETTLED]: [180, 900],
  [S.TEMPORARY]: [14, 120],
  [S.SUPPORTED]: [90, 540],
  [S.APPROVED_PREMISES]: [56, 120],
  [S.NO_FIXED_ABODE]: [7, 90],
  [S.ROUGH_SLEEPING]: [7, 60],
};
/** Chance that accommodation in this status is outside the authority holding the case. */
const OUT_OF_BOROUGH: Record<Exclude<S, S.IN_CUSTODY | S.NO_FIXED_ABODE>, number> = {
  [S.SETTLED]: 0.08,
  [S.TEMPORARY]: 0.25,
  [S.SUPPORTED]: 0.3,
  [S.APPROVED_PREMISES]: 0.4,
  [S.ROUGH_SLEEPING]: 0.1,
};
const RELIEF_REFERRERS: Weights<Agency | 'SELF'> = [['SELF', 0.4], [Agency.PROBATION, 0.3], [Agency.HEALTH, 0.2], [Agency.PRISON, 0.1]];

/** How many days a housing duty (prevention or relief) lasts at most. */
const DUTY_DAYS = 56;
const CHUNK = 1000;

type PeriodRow = Pick<AccommodationPeriod, 'housingReference' | 'status' | 'startDate' | 'endDate' | 'localAuthorityCode' | 'localAuthorityName'>;
type CaseRow = Omit<HomelessnessCase, 'id'>;

function pick<T extends string>(faker: Faker, weights: Weights<T>): T {
  let roll = faker.number.float({ min: 0, max: 1 });
  for (const [value, weight] of weights) {
    if (roll < weight) return value;
    roll -= weight;
  }
  return weights[weights.length - 1][0];
}

const isHomeless = (status: S) => status === S.NO_FIXED_ABODE || status === S.ROUGH_SLEEPING;

class PersonHousing {
  readonly periods: PeriodRow[] = [];
  readonly cases: CaseRow[] = [];

  constructor(
    private readonly faker: Faker,
    private readonly reference: string,
    private readonly home: LocalAuthority,
    private readonly today: string,
  ) {}

  private placeOf(status: S): LocalAuthority | null {
    if (status === S.IN_CUSTODY || status === S.NO_FIXED_ABODE) return null;
    if (this.faker.number.float({ min: 0, max: 1 }) >= OUT_OF_BOROUGH[status]) return this.home;
    const elsewhere = this.faker.number.float({ min: 0, max: 1 }) < 0.8 ? LOCAL_AUTHORITIES.filter((a) => a.code !== this.home.code) : OUT_OF_COUNTY;
    return this.faker.helpers.arrayElement(elsewhere);
  }

  private addPeriod(status: S, startDate: string, endDate: string | null): void {
    const place = this.placeOf(status);
    this.periods.push({ housingReference: this.reference, status, startDate, endDate, localAuthorityCode: place?.code ?? null, localAuthorityName: place?.name ?? null });
  }

  /** Community statuses from `start` until `end` (exclusive; null: still current). */
  fillCommunity(start: string, end: string | null, first: S): void {
    if (end !== null && end <= start) return;
    let status = first;
    let cursor = start;
    for (;;) {
      const [min, max] = DURATION_DAYS[status as Exclude<S, S.IN_CUSTODY>];
      const next = addDays(cursor, this.faker.number.int({ min, max }));
      if ((end !== null && next >= end) || (end === null && next > this.today)) {
        this.addPeriod(status, cursor, end);
        return;
      }
      this.addPeriod(status, cursor, next);
      status = pick(this.faker, NEXT[status as Exclude<S, S.IN_CUSTODY>]);
      cursor = next;
    }
  }

  addCustody(start: string, release: string | null): void {
    this.addPeriod(S.IN_CUSTODY, start, release);
  }

  private addCase(row: Omit<CaseRow, 'housingReference' | 'localAuthorityCode' | 'localAuthorityName'>): void {
    this.cases.push({ housingReference: this.reference, localAuthorityCode: this.home.code, localAuthorityName: this.home.name, ...row });
  }

  /** Relief for a spell without accommodation: ends when they are housed, go to prison, or after 56 days. */
  private reliefFor(period: PeriodRow, next: PeriodRow | undefined, referral: { date: string; route: HomelessnessReferralRoute; agency: Agency | null }): void {
    const limit = addDays(period.startDate, DUTY_DAYS);
    let dutyEndDate: string | null;
    let outcome: HomelessnessOutcome | null;
    if (period.endDate !== null && period.endDate <= limit) {
      dutyEndDate = period.endDate;
      outcome = !next || isHomeless(next.status) ? HomelessnessOutcome.CONTACT_LOST : next.status === S.IN_CUSTODY ? HomelessnessOutcome.ENTERED_CUSTODY : HomelessnessOutcome.ACCOMMODATION_SECURED;
    } else if (limit > this.today) {
      dutyEndDate = null;
      outcome = null;
    } else {
      dutyEndDate = limit;
      outcome = this.faker.helpers.arrayElement([HomelessnessOutcome.MAIN_DUTY_ACCEPTED, HomelessnessOutcome.MAIN_DUTY_ACCEPTED, HomelessnessOutcome.CONTACT_LOST, HomelessnessOutcome.WITHDRAWN]);
    }
    this.addCase({ referralDate: referral.date, referralRoute: referral.route, referringAgency: referral.agency, duty: HomelessnessDuty.RELIEF, dutyStartDate: period.startDate, dutyEndDate, outcome });
  }

  /** Duties around each release (prison's Duty to Refer) and each spell of homelessness. */
  addHomelessnessCases(): void {
    this.periods.forEach((period, i) => {
      const previous = this.periods[i - 1];
      const next = this.periods[i + 1];
      const afterRelease = previous?.status === S.IN_CUSTODY;
      if (afterRelease) {
        if (this.faker.number.float({ min: 0, max: 1 }) >= 0.7) return;
        // Prisons refer before release, so a prevention duty can start while the person is inside.
        const referral = { date: addDays(period.startDate, -this.faker.number.int({ min: 14, max: 56 })), route: HomelessnessReferralRoute.DUTY_TO_REFER, agency: Agency.PRISON };
        const housed = ACCOMMODATED_STATUSES.has(period.status);
        this.addCase({
          referralDate: referral.date,
          referralRoute: referral.route,
          referringAgency: referral.agency,
          duty: HomelessnessDuty.PREVENTION,
          dutyStartDate: addDays(referral.date, this.faker.number.int({ min: 0, max: 7 })),
          dutyEndDate: period.startDate,
          outcome: housed ? HomelessnessOutcome.ACCOMMODATION_SECURED : HomelessnessOutcome.BECAME_HOMELESS,
        });
        if (!housed) this.reliefFor(period, next, referral);
        return;
      }
      if (!isHomeless(period.status) || (previous && isHomeless(previous.status))) return;
      if (this.faker.number.float({ min: 0, max: 1 }) >= 0.6) return;
      const referrer = pick(this.faker, RELIEF_REFERRERS);
      const referral =
        referrer === 'SELF'
          ? { date: period.startDate, route: HomelessnessReferralRoute.SELF_APPLICATION, agency: null }
          : { date: period.startDate, route: HomelessnessReferralRoute.DUTY_TO_REFER, agency: referrer };
      if (previous && this.faker.number.float({ min: 0, max: 1 }) < 0.35) {
        // Seen coming: a prevention duty that did not hold off the loss of the home.
        referral.date = addDays(period.startDate, -this.faker.number.int({ min: 10, max: 50 }));
        this.addCase({
          referralDate: referral.date,
          referralRoute: referral.route,
          referringAgency: referral.agency,
          duty: HomelessnessDuty.PREVENTION,
          dutyStartDate: referral.date,
          dutyEndDate: period.startDate,
          outcome: HomelessnessOutcome.BECAME_HOMELESS,
        });
      }
      this.reliefFor(period, next, referral);
    });
  }
}

export async function seedHousing(em: EntityManager, population: SyntheticPopulation): Promise<string> {
  const faker = streamFaker(population.seed, 'housing');
  const today = population.referenceDate;
  const clients: HousingClient[] = [];
  const periods: PeriodRow[] = [];
  const cases: CaseRow[] = [];
  let releases = 0;
  let homelessOnRelease = 0;

  for (const person of population.people) {
    const reference = person.identifiers.housingReference;
    if (!reference) continue;
    const home = person.localAuthority;
    clients.push({ housingReference: reference, localAuthorityCode: home.code, localAuthorityName: home.name } as HousingClient);
    const housing = new PersonHousing(faker, reference, home, today);
    const custody = sharedFacts(population, person).custody;
    let historyStart = addDays(today, -faker.number.int({ min: 400, max: 1400 }));
    if (custody.length && custody[0].start <= historyStart) historyStart = addDays(custody[0].start, -faker.number.int({ min: 30, max: 200 }));
    const firstStatus = pick(faker, person.profile.offendingLevel === 'NONE' ? AT_FIRST_CONTACT.filter(([s]) => s !== S.ROUGH_SLEEPING) : AT_FIRST_CONTACT);
    housing.fillCommunity(historyStart, custody[0]?.start ?? null, firstStatus);
    custody.forEach((episode, i) => {
      housing.addCustody(episode.start, episode.release);
      if (episode.release === null) return;
      const onRelease = pick(faker, ON_RELEASE);
      releases++;
      if (isHomeless(onRelease)) homelessOnRelease++;
      housing.fillCommunity(episode.release, custody[i + 1]?.start ?? null, onRelease);
    });
    housing.addHomelessnessCases();
    periods.push(...housing.periods);
    cases.push(...housing.cases);
  }

  const changes = new LatestChanges();
  for (const row of periods) changes.note(row.housingReference, row.startDate, row.endDate);
  for (const row of cases) changes.note(row.housingReference, row.referralDate, row.dutyStartDate, row.dutyEndDate);
  for (const client of clients) client.recordChangedAt = changes.changedAt(client.housingReference, addDays(today, -400), today);

  await em.transactional(async (tx) => {
    for (let i = 0; i < clients.length; i += CHUNK) await tx.insertMany(HousingClient, clients.slice(i, i + CHUNK));
    for (let i = 0; i < periods.length; i += CHUNK) await tx.insertMany(AccommodationPeriod, periods.slice(i, i + CHUNK));
    for (let i = 0; i < cases.length; i += CHUNK) await tx.insertMany(HomelessnessCase, cases.slice(i, i + CHUNK));
  });
  return `${clients.length} housing clients, ${periods.length} accommodation periods, ${cases.length} homelessness cases, ${homelessOnRelease} of ${releases} releases to no fixed abode or rough sleeping`;
}
