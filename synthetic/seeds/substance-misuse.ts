/**
 * The treatment providers' view of the synthetic population. Episodes referred by a DRR or ATR
 * start on the requirement's start date from the shared facts, so they agree with probation's
 * requirements; releases come from the shared custody episodes, and about two in five people
 * referred on from prison start community treatment within 21 days.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Faker } from '@faker-js/faker';
import { addDays, addMonths, daysBetween } from '../../subgraphs/kit/dates';
import { streamFaker, type SyntheticPerson, type SyntheticPopulation } from '../population';
import { seededRandom, sharedFacts, type CustodyEpisode } from '../shared-facts';
import { TreatmentClient } from '../../subgraphs/substance-misuse/entities/treatment-client.entity';
import { TreatmentEpisode } from '../../subgraphs/substance-misuse/entities/treatment-episode.entity';
import { TreatmentDrugTest } from '../../subgraphs/substance-misuse/entities/treatment-drug-test.entity';
import { TreatmentOutcomeReview } from '../../subgraphs/substance-misuse/entities/treatment-outcome-review.entity';
import { TreatmentCustodyRelease } from '../../subgraphs/substance-misuse/entities/treatment-custody-release.entity';
import { TreatmentAppointment } from '../../subgraphs/substance-misuse/entities/treatment-appointment.entity';
import { LatestChanges } from '../record-changes';
import {
  TreatmentDischargeReason as Reason,
  TreatmentEmploymentStatus,
  TreatmentHousingSituation,
  TreatmentReferralRoute as Route,
  TreatmentReviewStage,
  TreatmentSubstance as Substance,
  TreatmentTestMethod,
  TreatmentTestResult,
} from '../../subgraphs/substance-misuse/entities/enums';

/** The generic providers the domain names; each district commissions one. */
const PROVIDERS = ['We Are With You', 'WDP', 'Cranstoun'];
const DRUGS = [Substance.OPIATES, Substance.CRACK, Substance.COCAINE, Substance.CANNABIS, Substance.BENZODIAZEPINES, Substance.AMPHETAMINES];
const CHUNK = 1000;

type EpisodeRow = Omit<TreatmentEpisode, never>;
type TestRow = Omit<TreatmentDrugTest, never>;
type ReviewRow = Omit<TreatmentOutcomeReview, never>;

interface PlannedEpisode {
  route: Route;
  start: string;
  /** When it would end without custody intervening; null: still going. */
  end: string | null;
  reason: Reason | null;
}

export function providerFor(person: SyntheticPerson): string {
  const code = person.localAuthority.code;
  return PROVIDERS[(code.charCodeAt(0) + code.charCodeAt(1) + code.charCodeAt(2)) % PROVIDERS.length];
}

class PersonTreatment {
  readonly episodes: EpisodeRow[] = [];
  readonly tests: TestRow[] = [];
  readonly reviews: ReviewRow[] = [];
  readonly releases: string[] = [];
  readonly appointments: Omit<TreatmentAppointment, 'id'>[] = [];

  constructor(
    private readonly faker: Faker,
    private readonly clientId: string,
    private readonly person: SyntheticPerson,
    private readonly custody: CustodyEpisode[],
    private readonly today: string,
  ) {}

  private chance(p: number): boolean {
    return this.faker.number.float({ min: 0, max: 1 }) < p;
  }

  private inCustodyOn(date: string): boolean {
    return this.custody.some((c) => c.start <= date && (c.release === null || date < c.release));
  }

  private overlapsEpisode(start: string, end: string | null): boolean {
    return this.episodes.some((e) => start < (e.dischargeDate ?? '9999-12-31') && e.startDate < (end ?? '9999-12-31'));
  }

  /** How a planned episode ends once custody is taken into account: going to prison ends it. */
  private endOf(plan: PlannedEpisode): { end: string | null; reason: Reason | null } {
    const custodyStart = this.custody.find((c) => c.start > plan.start && (plan.end === null || c.start < plan.end))?.start;
    if (custodyStart) return { end: custodyStart, reason: Reason.TRANSFERRED_IN_CUSTODY };
    if (plan.end !== null && plan.end > this.today) return { end: null, reason: null };
    return { end: plan.end, reason: plan.reason };
  }

  private substancesFor(route: Route): Substance[] {
    const use = this.person.profile.substanceUse;
    if (route === Route.ATR || use === 'ALCOHOL') return [Substance.ALCOHOL];
    const primary = this.faker.helpers.weightedArrayElement([
      { value: Substance.OPIATES, weight: 4 },
      { value: Substance.CRACK, weight: 3 },
      { value: Substance.COCAINE, weight: 2 },
      { value: Substance.CANNABIS, weight: 2 },
      { value: Substance.BENZODIAZEPINES, weight: 1 },
      { value: Substance.AMPHETAMINES, weight: 1 },
    ]);
    const others = this.chance(0.4) ? [this.faker.helpers.arrayElement(DRUGS.filter((d) => d !== primary))] : [];
    const alcohol = use === 'DRUGS_AND_ALCOHOL' && route !== Route.DRR ? [Substance.ALCOHOL] : [];
    return [primary, ...others, ...alcohol];
  }

  addEpisode(plan: PlannedEpisode, provider: string): void {
    const { end, reason } = this.endOf(plan);
    const id = randomUUID();
    const substances = this.substancesFor(plan.route);
    const until = end ?? this.today;
    const weeks = Math.max(1, Math.floor(daysBetween(plan.start, until) / 7));
    const keptShare =
      reason === Reason.DROPPED_OUT ? this.faker.number.float({ min: 0.35, max: 0.65 }) : reason ? this.faker.number.float({ min: 0.8, max: 0.97 }) : this.faker.number.float({ min: 0.55, max: 0.92 });
    const kept = Math.max(1, Math.round(weeks * keptShare));
    const lastContactDate = end ?? (() => {
      const recent = addDays(this.today, -this.faker.number.int({ min: 0, max: 20 }));
      return recent < plan.start ? plan.start : recent;
    })();
    this.episodes.push({
      id,
      treatmentClientId: this.clientId,
      provider,
      referralRoute: plan.route,
      startDate: plan.start,
      dischargeDate: end,
      dischargeReason: reason,
      appointmentsKept: kept,
      appointmentsMissed: Math.max(0, weeks - kept),
      lastContactDate,
      substances,
    });
    this.addAppointments(id, plan.start, weeks, weeks - kept);
    this.addReviews(id, plan.start, end, reason, substances);
    this.addTests(id, plan.route, plan.start, until, substances);
  }

  /**
   * One appointment a week from the start, `missed` of them missed: the episode's counts, dated.
   * Which were missed is drawn from the client and the start day (its own stream, so the provider's
   * other data keeps its random draws); missing grows likelier towards the end of an episode.
   */
  private addAppointments(episodeId: string, start: string, weeks: number, missed: number): void {
    let hash = 0;
    for (const char of `${this.clientId}:${start}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
    const random = seededRandom(hash);
    const order = Array.from({ length: weeks }, (_, week) => ({ week, weight: random() * (1 + week / weeks) })).sort((a, b) => b.weight - a.weight);
    const missedWeeks = new Set(order.slice(0, Math.max(0, missed)).map((entry) => entry.week));
    for (let week = 0; week < weeks; week++) {
      this.appointments.push({ treatmentClientId: this.clientId, episodeId, appointmentOn: addDays(start, week * 7), kept: !missedWeeks.has(week) });
    }
  }

  private addReviews(episodeId: string, start: string, end: string | null, reason: Reason | null, substances: Substance[]): void {
    const canInject = substances.includes(Substance.OPIATES) || substances.includes(Substance.CRACK);
    let useDays = this.faker.number.int({ min: 12, max: 28 });
    let injecting = canInject && this.chance(0.4);
    let housing = this.faker.helpers.arrayElement(Object.values(TreatmentHousingSituation));
    let employment = this.faker.helpers.weightedArrayElement([
      { value: TreatmentEmploymentStatus.UNEMPLOYED, weight: 6 },
      { value: TreatmentEmploymentStatus.UNABLE_TO_WORK, weight: 2 },
      { value: TreatmentEmploymentStatus.EMPLOYED, weight: 2 },
      { value: TreatmentEmploymentStatus.EDUCATION_OR_TRAINING, weight: 1 },
    ]);
    const review = (reviewDate: string, stage: TreatmentReviewStage) =>
      this.reviews.push({ id: randomUUID(), treatmentClientId: this.clientId, episodeId, reviewDate, stage, substanceUseDays: useDays, injecting, housingSituation: housing, employmentStatus: employment });
    review(start, TreatmentReviewStage.START);
    const planned = reason !== null && reason.startsWith('COMPLETED');
    for (let months = 3; ; months += 3) {
      const date = addMonths(start, months);
      if (date > this.today || (end !== null && date >= end)) break;
      useDays = Math.max(0, useDays - this.faker.number.int({ min: -3, max: 9 }));
      if (injecting && this.chance(0.35)) injecting = false;
      if (housing !== TreatmentHousingSituation.NO_PROBLEM && this.chance(0.3)) housing = TreatmentHousingSituation.NO_PROBLEM;
      if (employment === TreatmentEmploymentStatus.UNEMPLOYED && this.chance(0.15)) employment = TreatmentEmploymentStatus.EDUCATION_OR_TRAINING;
      review(date, TreatmentReviewStage.REVIEW);
    }
    if (planned && end !== null) {
      useDays = this.faker.number.int({ min: 0, max: 3 });
      injecting = false;
      review(end, TreatmentReviewStage.EXIT);
    }
  }

  private addTests(episodeId: string, route: Route, start: string, until: string, substances: Substance[]): void {
    const alcoholOnly = substances.length === 1 && substances[0] === Substance.ALCOHOL;
    const courtOrdered = route === Route.DRR;
    const [minGap, maxGap] = courtOrdered ? [14, 35] : [28, 70];
    let positiveChance = 0.75;
    for (let date = addDays(start, this.faker.number.int({ min: 0, max: 7 })); date < until; date = addDays(date, this.faker.number.int({ min: minGap, max: maxGap }))) {
      const roll = this.faker.number.float({ min: 0, max: 1 });
      const result = roll < 0.04 ? TreatmentTestResult.REFUSED : roll < 0.04 + positiveChance ? TreatmentTestResult.POSITIVE : TreatmentTestResult.NEGATIVE;
      const tested = alcoholOnly ? [Substance.ALCOHOL] : substances.filter((s) => s !== Substance.ALCOHOL);
      this.tests.push({
        id: randomUUID(),
        treatmentClientId: this.clientId,
        episodeId,
        testDate: date,
        method: alcoholOnly ? TreatmentTestMethod.BREATH : this.faker.helpers.arrayElement([TreatmentTestMethod.URINE, TreatmentTestMethod.ORAL_FLUID]),
        courtOrdered,
        result,
        substancesDetected: result === TreatmentTestResult.POSITIVE ? this.faker.helpers.arrayElements(tested, { min: 1, max: tested.length }) : [],
      });
      positiveChance = Math.max(0.2, positiveChance - 0.05);
    }
  }

  /** An episode from a requirement: starts on the requirement's start, ends at its planned end or earlier. */
  requirementEpisode(route: Route, start: string, plannedEnd: string): PlannedEpisode {
    if (this.chance(0.6)) {
      const completed = route === Route.ATR ? Reason.COMPLETED_ALCOHOL_FREE : this.chance(0.7) ? Reason.COMPLETED_DRUG_FREE : Reason.COMPLETED_OCCASIONAL_USER;
      return { route, start, end: plannedEnd, reason: completed };
    }
    const droppedOut = addDays(start, this.faker.number.int({ min: 21, max: Math.max(22, daysBetween(start, plannedEnd) - 1) }));
    return { route, start, end: droppedOut, reason: Reason.DROPPED_OUT };
  }

  /** An episode of the person's own or another agency's making, with an ordinary course. */
  ordinaryEpisode(route: Route, start: string): PlannedEpisode {
    const end = addDays(start, this.faker.number.int({ min: 45, max: 420 }));
    const reason = this.faker.helpers.weightedArrayElement([
      { value: Reason.DROPPED_OUT, weight: 4 },
      { value: this.person.profile.substanceUse === 'ALCOHOL' ? Reason.COMPLETED_ALCOHOL_FREE : Reason.COMPLETED_DRUG_FREE, weight: 3 },
      { value: Reason.COMPLETED_OCCASIONAL_USER, weight: 1 },
      { value: Reason.TRANSFERRED_COMMUNITY, weight: 1 },
      { value: Reason.TREATMENT_DECLINED, weight: 1 },
    ]);
    return { route, start, end, reason };
  }

  canStart(start: string, end: string | null): boolean {
    return start <= this.today && !this.inCustodyOn(start) && !this.overlapsEpisode(start, end);
  }
}

/**
 * About 60% of clients have consented to share clinical data. Decided from the client ID alone so
 * the provider's other generated data keeps its random stream.
 */
export function consentRecordedOn(clientId: string, today: string): string | null {
  let hash = 0;
  for (const char of clientId) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  const random = seededRandom(hash);
  return random() < 0.6 ? addDays(today, -Math.floor(random() * 700)) : null;
}

export async function seedSubstanceMisuse(em: EntityManager, population: SyntheticPopulation): Promise<string> {
  const faker = streamFaker(population.seed, 'substance-misuse');
  const today = population.referenceDate;
  const clients: TreatmentClient[] = [];
  const episodes: EpisodeRow[] = [];
  const tests: TestRow[] = [];
  const reviews: ReviewRow[] = [];
  const releases: Omit<TreatmentCustodyRelease, 'id'>[] = [];
  const appointments: Omit<TreatmentAppointment, 'id'>[] = [];

  for (const person of population.people) {
    const clientId = person.identifiers.treatmentClientId;
    if (!clientId) continue;
    const provider = providerFor(person);
    clients.push({ treatmentClientId: clientId, provider, consentToShareRecordedOn: consentRecordedOn(clientId, today) } as TreatmentClient);
    const facts = sharedFacts(population, person);
    const custody = facts.custody;
    const treatment = new PersonTreatment(faker, clientId, person, custody, today);

    // Requirements first: their dates are fixed by the shared facts, everything else fits around them.
    const drr = facts.drugRehabilitationRequirement;
    if (drr) treatment.addEpisode(treatment.requirementEpisode(Route.DRR, drr.start, drr.plannedEnd), provider);
    const atr = facts.alcoholTreatmentRequirement;
    if (atr) treatment.addEpisode(treatment.requirementEpisode(Route.ATR, atr.start, atr.plannedEnd), provider);

    for (const [i, episode] of custody.entries()) {
      if (episode.release === null || faker.number.float({ min: 0, max: 1 }) >= 0.75) continue;
      releases.push({ treatmentClientId: clientId, releaseDate: episode.release });
      const roll = faker.number.float({ min: 0, max: 1 });
      if (roll >= 0.62) continue;
      const start = addDays(episode.release, roll < 0.42 ? faker.number.int({ min: 1, max: 21 }) : faker.number.int({ min: 22, max: 90 }));
      const nextCustody = custody[i + 1]?.start;
      const plan = treatment.ordinaryEpisode(Route.CUSTODY, start);
      if ((!nextCustody || start < nextCustody) && treatment.canStart(start, plan.end)) treatment.addEpisode(plan, provider);
    }

    const others = faker.number.int({ min: treatment.episodes.length ? 0 : 1, max: 2 });
    for (let n = 0; n < others; n++) {
      const routes = [
        { value: Route.SELF, weight: 4 },
        { value: Route.OTHER, weight: 3 },
        ...(person.profile.offendingLevel === 'NONE' ? [] : [{ value: Route.ARREST_REFERRAL, weight: 3 }]),
      ];
      const route = faker.helpers.weightedArrayElement(routes);
      const plan = treatment.ordinaryEpisode(route, addDays(today, -faker.number.int({ min: 30, max: 1400 })));
      // A recent episode is often still going.
      if (plan.end !== null && plan.end > today) plan.end = null;
      if (treatment.canStart(plan.start, plan.end)) treatment.addEpisode(plan, provider);
    }

    treatment.episodes.sort((a, b) => a.startDate.localeCompare(b.startDate));
    episodes.push(...treatment.episodes);
    tests.push(...treatment.tests);
    reviews.push(...treatment.reviews);
    appointments.push(...treatment.appointments);
  }

  const changes = new LatestChanges();
  for (const row of episodes) changes.note(row.treatmentClientId, row.startDate, row.dischargeDate, row.lastContactDate);
  for (const row of appointments) changes.note(row.treatmentClientId, row.appointmentOn);
  for (const row of tests) changes.note(row.treatmentClientId, row.testDate);
  for (const row of reviews) changes.note(row.treatmentClientId, row.reviewDate);
  for (const row of releases) changes.note(row.treatmentClientId, row.releaseDate);
  for (const client of clients) client.recordChangedAt = changes.changedAt(client.treatmentClientId, addDays(today, -400), today);

  await em.transactional(async (tx) => {
    for (let i = 0; i < clients.length; i += CHUNK) await tx.insertMany(TreatmentClient, clients.slice(i, i + CHUNK));
    for (let i = 0; i < episodes.length; i += CHUNK) await tx.insertMany(TreatmentEpisode, episodes.slice(i, i + CHUNK));
    for (let i = 0; i < tests.length; i += CHUNK) await tx.insertMany(TreatmentDrugTest, tests.slice(i, i + CHUNK));
    for (let i = 0; i < reviews.length; i += CHUNK) await tx.insertMany(TreatmentOutcomeReview, reviews.slice(i, i + CHUNK));
    for (let i = 0; i < releases.length; i += CHUNK) await tx.insertMany(TreatmentCustodyRelease, releases.slice(i, i + CHUNK));
    for (let i = 0; i < appointments.length; i += CHUNK) await tx.insertMany(TreatmentAppointment, appointments.slice(i, i + CHUNK));
  });
  const inTreatment = new Set(episodes.filter((e) => e.dischargeDate === null).map((e) => e.treatmentClientId)).size;
  return `${clients.length} treatment clients (${inTreatment} in treatment), ${episodes.length} episodes, ${tests.length} tests, ${reviews.length} outcome reviews, ${releases.length} releases referred from custody, ${appointments.length} appointments`;
}
