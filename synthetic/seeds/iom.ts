/**
 * IOM's view of the synthetic partnership. The people the population marks as IOM candidates make
 * up today's caseload (adopted, or waiting where their cohort is full, or ended by custody when
 * the shared facts put them in prison now); other repeat offenders supply last year's deselected
 * cases and the referrals that were declined or are still pending. A year of monthly case
 * conferences reviews everyone adopted on the day, and pathway assessments every three months
 * show needs falling. The next conference is planned three weeks after the reference date.
 */
import type { Faker } from '@faker-js/faker';
import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays, ageOn } from '../../subgraphs/kit/dates';
import { Agency } from '../../subgraphs/kit/agency';
import { Sex } from '../../subgraphs/kit/sex';
import { streamFaker, type SyntheticPerson, type SyntheticPopulation } from '../population';
import { sharedFacts } from '../shared-facts';
import { IomCohort } from '../../subgraphs/iom/entities/cohort.entity';
import { IomCase } from '../../subgraphs/iom/entities/case.entity';
import { CaseConference, ConferenceAttendance } from '../../subgraphs/iom/entities/conference.entity';
import { ConferenceAction, RagReview } from '../../subgraphs/iom/entities/review.entity';
import { PathwayAssessment } from '../../subgraphs/iom/entities/assessment.entity';
import { CaseConferenceStatus, ConferenceActionStatus, IomCaseBasis, IomCaseEndReason, IomCaseStatus, IomStrand, RagRating } from '../../subgraphs/iom/entities/enums';
import { activeOn } from '../../subgraphs/iom/services/iom-loaders';
import { consecutiveGreens } from '../../subgraphs/iom/services/case-view';
import { pathwaysFor, scoreColumns, type PathwayScoreValue } from '../../subgraphs/iom/services/pathways';

/** Lincolnshire's cohorts: 120 places in all, about 20 for women and at most 10 for domestic abuse. */
export const IOM_COHORTS: IomCohort[] = [
  {
    code: 'FIXED', name: 'Fixed: neighbourhood crime', strand: IomStrand.FIXED, capacity: 60, displayOrder: 1,
    entryCriteria: 'Neighbourhood crime: burglary, robbery, theft from the person, theft of or from a motor vehicle.',
    sex: null, minAge: null, maxAge: null, requiresNeighbourhoodCrime: true, requiresDomesticAbuse: false,
  },
  {
    code: 'FLEX', name: 'Flex: local priorities', strand: IomStrand.FLEX, capacity: 20, displayOrder: 2,
    entryCriteria: 'Local priorities set by the partnership from its problem profile.',
    sex: null, minAge: null, maxAge: null, requiresNeighbourhoodCrime: false, requiresDomesticAbuse: false,
  },
  {
    code: 'FREE_TRANSITIONAL_AGE', name: 'Free: transitional age (18–24)', strand: IomStrand.FREE, capacity: 10, displayOrder: 3,
    entryCriteria: 'Aged 18 to 24 at referral: moving on from youth offending services, or volume offending.',
    sex: null, minAge: 18, maxAge: 24, requiresNeighbourhoodCrime: false, requiresDomesticAbuse: false,
  },
  {
    code: 'FREE_FEMALE', name: 'Free: women', strand: IomStrand.FREE, capacity: 20, displayOrder: 4,
    entryCriteria: 'Women whose offending is volume offending, with the vulnerabilities of women who offend considered.',
    sex: Sex.FEMALE, minAge: null, maxAge: null, requiresNeighbourhoodCrime: false, requiresDomesticAbuse: false,
  },
  {
    code: 'FREE_DOMESTIC_ABUSE', name: 'Free: domestic abuse perpetrators', strand: IomStrand.FREE, capacity: 10, displayOrder: 5,
    entryCriteria: 'Volume offenders who are domestic abuse perpetrators.',
    sex: null, minAge: null, maxAge: null, requiresNeighbourhoodCrime: false, requiresDomesticAbuse: true,
  },
];

const CHUNK = 1000;
const PAST_CONFERENCES = 12;
const LONG_CUSTODY_DAYS = 365;

type NewCase = Omit<IomCase, 'createdAt'>;

function weighted<T>(faker: Faker, options: [T, number][]): T {
  return faker.helpers.weightedArrayElement(options.map(([value, weight]) => ({ value, weight })));
}

const REFERRAL_REASONS: Record<string, string[]> = {
  FIXED: ['Repeat burglary dwelling, three offences in six months.', 'Robbery and theft from the person in the town centre.', 'Persistent theft from motor vehicles.'],
  FLEX: ['Shop theft linked to drug use: a local priority.', 'Repeat criminal damage and public order in one neighbourhood.', 'Persistent acquisitive offending outside neighbourhood crime types.'],
  FREE_TRANSITIONAL_AGE: ['Moving on from youth offending services with volume offending.', 'Young adult with rising volume offending.'],
  FREE_FEMALE: ['Volume shop theft with substance misuse and housing need.', 'Repeat offending linked to an abusive relationship.'],
  FREE_DOMESTIC_ABUSE: ['Repeat domestic abuse perpetrator with volume offending.', 'Domestic abuse perpetrator released on licence.'],
};
const DECLINE_REASONS = [
  'Does not meet the criteria: offending is not volume or neighbourhood crime.',
  'Already managed under MAPPA at level 2; IOM would duplicate.',
  'Offending has stopped for over twelve months: no current need.',
  'Referral information incomplete; re-refer with the offending history.',
];
const RATIONALES: Record<RagRating, string[]> = {
  [RagRating.RED]: ['Arrested this month; not engaging with the key worker.', 'Missed probation appointments and using again.', 'Further offences reported; risk rising.'],
  [RagRating.AMBER]: ['Engaging with some appointments; accommodation unsettled.', 'No new offences but drug test positive.', 'Mixed engagement; housing application in progress.'],
  [RagRating.GREEN]: ['Fully engaged, no offending, settled accommodation.', 'Attending treatment and all appointments.', 'Stable: in work and no police contact this month.'],
};
const ACTIONS: Partial<Record<Agency, string[]>> = {
  POLICE: ['Home visit to check on engagement', 'Review intelligence and update the nominal record'],
  PROBATION: ['Bring forward supervision appointment', 'Refer to an accredited programme'],
  HOUSING: ['Complete the housing needs assessment', 'Find supported accommodation before release'],
  SUBSTANCE_MISUSE: ['Assess for treatment and book the first appointment', 'Arrange a prescribing review'],
  HEALTH: ['Book a mental health assessment', 'Register with a GP'],
  IOM: ['Key worker to arrange a three-way meeting', 'Apply for ID and a bank account'],
};

const ACTION_OWNERS = [Agency.POLICE, Agency.PROBATION, Agency.HOUSING, Agency.SUBSTANCE_MISUSE, Agency.HEALTH, Agency.IOM];

export async function seedIom(em: EntityManager, population: SyntheticPopulation): Promise<string> {
  const faker = streamFaker(population.seed, 'iom');
  const today = population.referenceDate;
  const between = (min: number, max: number) => faker.number.int({ min, max });
  const chance = (p: number) => faker.number.float({ min: 0, max: 1 }) < p;
  const uuid = () => faker.string.uuid();
  const scaled = (n: number) => Math.max(1, Math.round(n * population.scale));

  const cohorts = IOM_COHORTS.map((cohort) => ({ ...cohort, capacity: scaled(cohort.capacity) }));
  const capacity = Object.fromEntries(cohorts.map((cohort) => [cohort.code, cohort.capacity]));

  const conferences = Array.from({ length: PAST_CONFERENCES }, (_, k) => ({
    id: uuid(),
    heldOn: addDays(today, -9 - 30 * (PAST_CONFERENCES - 1 - k)),
    chairAgencies: [Agency.POLICE, Agency.PROBATION],
    // Held, reviewed and closed: the planned one is the next to hold.
    status: CaseConferenceStatus.CLOSED,
  }));
  const nextConference = { id: uuid(), heldOn: addDays(today, 21), chairAgencies: [Agency.POLICE, Agency.PROBATION] };

  const cases: NewCase[] = [];
  const adultFrom = (person: SyntheticPerson, date: string) => {
    const eighteenth = `${Number(person.dateOfBirth.slice(0, 4)) + 18}${person.dateOfBirth.slice(4)}`;
    return date <= eighteenth ? addDays(eighteenth, 1) : date;
  };
  const newCase = (person: SyntheticPerson, cohortCode: string, referredOn: string, sourceAgency: Agency): NewCase => {
    const referred = adultFrom(person, referredOn);
    return {
      id: uuid(),
      personId: person.hubId,
      cohortCode,
      status: IomCaseStatus.REFERRED,
      sex: person.sex === 'FEMALE' ? Sex.FEMALE : Sex.MALE,
      ageAtReferral: ageOn(person.dateOfBirth, referred),
      sourceAgency,
      referralReason: faker.helpers.arrayElement(REFERRAL_REASONS[cohortCode]),
      referredOn: referred,
      neighbourhoodCrime: cohortCode === 'FIXED' || chance(0.4),
      domesticAbusePerpetrator: person.profile.domesticAbusePerpetrator,
      decidedOn: null, decisionReason: null, adoptedOn: null, caseBasis: null, leadAgency: null, keyWorker: null,
      endedOn: null, endReason: null, endNote: null, exitPlan: null, deselectionOverrideReason: null,
    };
  };
  const acceptingAgency = () => weighted(faker, [[Agency.POLICE, 50], [Agency.PROBATION, 38], [Agency.PRISON, 5], [Agency.HOUSING, 4], [Agency.SUBSTANCE_MISUSE, 3]]);
  const accept = (iomCase: NewCase, decidedOn: string) => {
    iomCase.status = IomCaseStatus.ACCEPTED;
    iomCase.decidedOn = decidedOn < iomCase.referredOn ? iomCase.referredOn : decidedOn;
    iomCase.decisionReason = 'Meets the cohort criteria; agreed at the case conference.';
  };
  const adopt = (iomCase: NewCase, person: SyntheticPerson, adoptedOn: string) => {
    iomCase.status = IomCaseStatus.ADOPTED;
    iomCase.adoptedOn = adoptedOn < iomCase.decidedOn! ? iomCase.decidedOn : adoptedOn;
    const statutory = person.profile.statutorySupervision || sharedFacts(population, person).onLicence;
    iomCase.caseBasis = statutory ? IomCaseBasis.STATUTORY : IomCaseBasis.NON_STATUTORY;
    iomCase.leadAgency = statutory ? Agency.PROBATION : Agency.POLICE;
    iomCase.keyWorker = `${faker.person.firstName()} ${faker.person.lastName()}`;
  };
  /** Referred and accepted a few weeks before the adoption date. */
  const adoptedCase = (person: SyntheticPerson, cohortCode: string, adoptedOn: string): NewCase => {
    const iomCase = newCase(person, cohortCode, addDays(adoptedOn, -between(14, 45)), acceptingAgency());
    accept(iomCase, addDays(iomCase.referredOn, between(3, 10)));
    adopt(iomCase, person, adoptedOn);
    return iomCase;
  };

  // Today's caseload: the candidates, each in the cohort their profile fits.
  const candidates = population.people.filter((p) => p.profile.iomCandidate && p.duplicateOf === undefined);
  const custodyStart = (p: SyntheticPerson) => (p.profile.inCustodyNow ? (sharedFacts(population, p).custody.at(-1)?.start ?? null) : null);
  // A short spell in custody stays on the cohort (IOM prepares the release); a long one ends the case.
  const longCustody = (p: SyntheticPerson) => {
    const start = custodyStart(p);
    return start !== null && start < addDays(today, -LONG_CUSTODY_DAYS);
  };
  const inCustody = candidates.filter(longCustody);
  const free = candidates.filter((p) => !longCustody(p));
  const intendedAdoption = new Map(
    free.map((p) => {
      const start = custodyStart(p);
      if (start) return [p.index, addDays(start, -between(60, 240))];
      return [p.index, chance(0.4) ? addDays(today, -between(345, 720)) : addDays(today, -between(15, 335))];
    }),
  );
  const byAdoption = (a: SyntheticPerson, b: SyntheticPerson) => intendedAdoption.get(a.index)!.localeCompare(intendedAdoption.get(b.index)!) || a.index - b.index;
  const fixedOrFlex = () => (chance(0.3) ? 'FLEX' : 'FIXED');
  const isYoungAdult = (p: SyntheticPerson) => ageOn(p.dateOfBirth, today) >= 19 && ageOn(p.dateOfBirth, today) <= 24;
  const cohortOf = new Map<number, string>();
  for (const p of free) {
    if (p.sex === 'FEMALE') cohortOf.set(p.index, 'FREE_FEMALE');
    else if (p.profile.domesticAbusePerpetrator) cohortOf.set(p.index, 'FREE_DOMESTIC_ABUSE');
  }
  // Young adults fill the transitional-age cohort, a few wait for it, the rest go to Fixed or Flex.
  const youngAdults = free.filter((p) => !cohortOf.has(p.index) && isYoungAdult(p)).sort(byAdoption);
  const youngWaiting = scaled(4);
  youngAdults.forEach((p, i) => cohortOf.set(p.index, i < capacity.FREE_TRANSITIONAL_AGE + youngWaiting ? 'FREE_TRANSITIONAL_AGE' : fixedOrFlex()));
  for (const p of free) if (!cohortOf.has(p.index)) cohortOf.set(p.index, fixedOrFlex());

  const adoptedSoFar: Record<string, number> = {};
  for (const person of [...free].sort(byAdoption)) {
    const code = cohortOf.get(person.index)!;
    const adoptedOn = intendedAdoption.get(person.index)!;
    if ((adoptedSoFar[code] ?? 0) < capacity[code] && adultFrom(person, addDays(adoptedOn, -45)) <= addDays(today, -20)) {
      adoptedSoFar[code] = (adoptedSoFar[code] ?? 0) + 1;
      cases.push(adoptedCase(person, code, adoptedOn));
    } else {
      // The cohort is full: accepted, and waiting in order of acceptance.
      const waiting = newCase(person, code, addDays(today, -between(12, 80)), acceptingAgency());
      accept(waiting, addDays(waiting.referredOn, between(2, 8)));
      cases.push(waiting);
    }
  }

  // In prison for a long spell now: the case ended when custody began.
  for (const person of inCustody) {
    const code = person.sex === 'FEMALE' ? 'FREE_FEMALE' : person.profile.domesticAbusePerpetrator ? 'FREE_DOMESTIC_ABUSE' : fixedOrFlex();
    const start = custodyStart(person)!;
    const iomCase = adoptedCase(person, code, addDays(start, -between(60, 240)));
    iomCase.status = IomCaseStatus.ENDED;
    iomCase.endedOn = start;
    iomCase.endReason = IomCaseEndReason.CUSTODY;
    iomCase.endNote = 'Remanded in custody; to be re-referred before release.';
    cases.push(iomCase);
  }

  // Other repeat offenders: last year's deselections and moves, and the declined and pending referrals.
  const pool = faker.helpers.shuffle(
    population.people.filter(
      (p) => !p.profile.iomCandidate && p.duplicateOf === undefined && !p.profile.inCustodyNow && ['REPEAT', 'PROLIFIC'].includes(p.profile.offendingLevel) && ageOn(p.dateOfBirth, today) >= 21,
    ),
  );
  const cohortForOther = (p: SyntheticPerson) => (p.sex === 'FEMALE' ? 'FREE_FEMALE' : fixedOrFlex());
  const deselectedAt = new Map<string, number>();
  for (const person of pool.splice(0, Math.max(3, Math.round(14 * population.scale)))) {
    const iomCase = adoptedCase(person, cohortForOther(person), addDays(today, -between(400, 700)));
    const k = between(2, 9);
    if (chance(0.8)) {
      iomCase.status = IomCaseStatus.DESELECTED;
      iomCase.endedOn = conferences[k].heldOn;
      iomCase.exitPlan = 'Stays with the substance misuse service and the housing support worker; monthly check-in with the neighbourhood team for three months.';
      deselectedAt.set(iomCase.id, k);
    } else {
      iomCase.status = IomCaseStatus.ENDED;
      iomCase.endedOn = addDays(conferences[k].heldOn, 10);
      iomCase.endReason = IomCaseEndReason.MOVED_AWAY;
      iomCase.endNote = 'Moved out of the county; the receiving IOM team was told.';
    }
    cases.push(iomCase);
  }
  // Declines rotate through the referring agencies: police and probation stay above 90% accepted (seed 002).
  const declining = [Agency.HOUSING, Agency.POLICE, Agency.SUBSTANCE_MISUSE, Agency.PROBATION];
  for (const [i, person] of pool.splice(0, Math.max(2, Math.round(8 * population.scale))).entries()) {
    const agency = declining[i % declining.length];
    const iomCase = newCase(person, cohortForOther(person), addDays(today, -between(20, 500)), agency);
    iomCase.status = IomCaseStatus.DECLINED;
    iomCase.decidedOn = addDays(iomCase.referredOn, between(3, 14));
    iomCase.decisionReason = faker.helpers.arrayElement(DECLINE_REASONS);
    cases.push(iomCase);
  }
  for (const person of pool.splice(0, Math.max(1, Math.round(3 * population.scale)))) {
    cases.push(newCase(person, cohortForOther(person), addDays(today, -between(1, 14)), acceptingAgency()));
  }

  // A year of conferences: everyone adopted on the day is reviewed.
  const reviews: Omit<RagReview, 'createdAt'>[] = [];
  const actions: ConferenceAction[] = [];
  const attendance: ConferenceAttendance[] = [];
  for (const conference of conferences) {
    const present: [Agency, number][] = [
      [Agency.POLICE, between(2, 4)],
      [Agency.PROBATION, between(2, 3)],
      [Agency.IOM, between(1, 2)],
    ];
    if (chance(0.8)) present.push([Agency.HOUSING, 1]);
    if (chance(0.85)) present.push([Agency.SUBSTANCE_MISUSE, between(1, 2)]);
    if (chance(0.5)) present.push([Agency.HEALTH, 1]);
    if (chance(0.4)) present.push([Agency.PRISON, 1]);
    for (const [agency, attendees] of present) attendance.push({ conferenceId: conference.id, agency, attendees });
  }
  const NEXT: Record<RagRating, [RagRating, number][]> = {
    [RagRating.RED]: [[RagRating.RED, 50], [RagRating.AMBER, 40], [RagRating.GREEN, 10]],
    [RagRating.AMBER]: [[RagRating.RED, 15], [RagRating.AMBER, 50], [RagRating.GREEN, 35]],
    [RagRating.GREEN]: [[RagRating.RED, 5], [RagRating.AMBER, 20], [RagRating.GREEN, 75]],
  };
  for (const iomCase of cases) {
    if (!iomCase.adoptedOn) continue;
    const mine = conferences.map((conference, k) => ({ conference, k })).filter(({ conference }) => activeOn(iomCase, conference.heldOn));
    const deselectK = deselectedAt.get(iomCase.id);
    let rating = weighted(faker, [[RagRating.RED, 35], [RagRating.AMBER, 45], [RagRating.GREEN, 20]]);
    const caseReviews: Pick<RagReview, 'rating'>[] = [];
    mine.forEach(({ conference, k }, i) => {
      if (i > 0) rating = weighted(faker, NEXT[rating]);
      if (deselectK !== undefined && k >= deselectK - 2) rating = RagRating.GREEN;
      if (iomCase.endReason === IomCaseEndReason.CUSTODY && i === mine.length - 1) rating = RagRating.RED;
      const review = { id: uuid(), caseId: iomCase.id, conferenceId: conference.id, reviewedOn: conference.heldOn, rating, rationale: faker.helpers.arrayElement(RATIONALES[rating]) };
      reviews.push(review);
      caseReviews.push(review);
      const count = rating === RagRating.RED ? between(1, 2) : rating === RagRating.AMBER ? between(0, 2) : between(0, 1);
      for (let a = 0; a < count; a++) {
        const ownerAgency = faker.helpers.arrayElement(ACTION_OWNERS);
        const dueOn = addDays(conference.heldOn, between(14, 42));
        let status: ConferenceActionStatus;
        let closedOn: string | null = null;
        if (iomCase.endedOn && iomCase.endedOn <= today) {
          status = chance(0.7) ? ConferenceActionStatus.DONE : ConferenceActionStatus.CANCELLED;
        } else if (dueOn < addDays(today, -10)) {
          status = weighted(faker, [[ConferenceActionStatus.DONE, 80], [ConferenceActionStatus.CANCELLED, 8], [ConferenceActionStatus.IN_PROGRESS, 7], [ConferenceActionStatus.OPEN, 5]]);
        } else {
          status = weighted(faker, [[ConferenceActionStatus.OPEN, 60], [ConferenceActionStatus.IN_PROGRESS, 30], [ConferenceActionStatus.DONE, 10]]);
        }
        if (status === ConferenceActionStatus.DONE || status === ConferenceActionStatus.CANCELLED) {
          const latest = iomCase.endedOn && iomCase.endedOn < today ? iomCase.endedOn : today;
          closedOn = [addDays(dueOn, -between(0, 10)), latest].sort()[0];
          if (closedOn <= conference.heldOn) closedOn = addDays(conference.heldOn, 1);
        }
        actions.push({
          id: uuid(), reviewId: review.id, caseId: iomCase.id, description: faker.helpers.arrayElement(ACTIONS[ownerAgency] ?? []),
          ownerAgency, agreedOn: conference.heldOn, dueOn, status, closedOn,
        });
      }
    });
    if (deselectK !== undefined && consecutiveGreens(caseReviews) < 3) throw new Error('A seeded deselection lacks three greens.');
  }

  // Pathway assessments at adoption and every three months: needs fall as they are met.
  const assessments: PathwayAssessment[] = [];
  for (const iomCase of cases) {
    if (!iomCase.adoptedOn) continue;
    const last = iomCase.endedOn && iomCase.endedOn < today ? iomCase.endedOn : today;
    let scores: PathwayScoreValue[] = pathwaysFor(iomCase.sex).map((pathway) => ({ pathway, score: weighted(faker, [[1, 9], [2, 27], [3, 34], [4, 20], [5, 10]]) }));
    for (let checkpoint = 0, on = iomCase.adoptedOn; on <= last; checkpoint++, on = addDays(on, 91)) {
      if (checkpoint > 0) {
        scores = scores.map(({ pathway, score }) => {
          const roll = faker.number.float({ min: 0, max: 1 });
          return { pathway, score: roll < 0.42 && score > 1 ? score - 1 : roll > 0.95 && score < 5 ? score + 1 : score };
        });
      }
      assessments.push({
        id: uuid(), caseId: iomCase.id, assessedOn: on, checkpoint,
        ...scoreColumns(iomCase.sex, scores),
      });
    }
  }

  await em.transactional(async (tx) => {
    await tx.insertMany(IomCohort, cohorts);
    await tx.insertMany(CaseConference, [...conferences, nextConference]);
    await tx.insertMany(ConferenceAttendance, attendance);
    for (let i = 0; i < cases.length; i += CHUNK) await tx.insertMany(IomCase, cases.slice(i, i + CHUNK));
    for (let i = 0; i < reviews.length; i += CHUNK) await tx.insertMany(RagReview, reviews.slice(i, i + CHUNK));
    for (let i = 0; i < actions.length; i += CHUNK) await tx.insertMany(ConferenceAction, actions.slice(i, i + CHUNK));
    for (let i = 0; i < assessments.length; i += CHUNK) await tx.insertMany(PathwayAssessment, assessments.slice(i, i + CHUNK));
    // Havering's annual DRR and ATR targets (34 and 17, 28 and 16), scaled, for the financial
    // years the synthetic requirements span; a year the migration already holds keeps its row.
    const thisFinancialYear = Number(today.slice(0, 4)) - (today.slice(5, 7) < '04' ? 1 : 0);
    for (let year = thisFinancialYear - 3; year <= thisFinancialYear; year++) {
      for (const [type, starts, completions] of [['DRUG_REHABILITATION', 34, 17], ['ALCOHOL_TREATMENT', 28, 16]] as const) {
        await tx.getConnection().execute(
          `insert into iom_requirement_target (requirement_type, financial_year, starts_target, completions_target, source) values (?, ?, ?, ?, ?) on conflict do nothing`,
          [type, year, scaled(starts), scaled(completions), "Synthetic: Havering's annual targets (seed 003, Table 1), scaled to the partnership"],
        );
      }
    }
  });
  const count = (status: IomCaseStatus) => cases.filter((c) => c.status === status).length;
  const averageAt = (checkpoint: number) => {
    const totals = assessments.filter((a) => a.checkpoint === checkpoint).map((a) => a.total);
    return (totals.reduce((sum, total) => sum + total, 0) / Math.max(1, totals.length)).toFixed(2);
  };
  return (
    `${cases.length} IOM cases (${count(IomCaseStatus.ADOPTED)} adopted, ${count(IomCaseStatus.ACCEPTED)} waiting, ${count(IomCaseStatus.DESELECTED)} deselected, ` +
    `${count(IomCaseStatus.ENDED)} ended), ${conferences.length + 1} case conferences, ${reviews.length} reviews, ${actions.length} actions, ${assessments.length} pathway assessments (average total ${averageAt(0)} at entry, ${averageAt(1)} at the first checkpoint)`
  );
}
