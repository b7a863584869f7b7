/**
 * Probation's view of the synthetic partnership: a case for every CRN, with orders, requirements,
 * appointments, enforcement, risk assessments and CRS referrals. Everyone the population puts
 * under statutory supervision (about 350 per county) has a current order: a licence when the
 * shared facts say they are on licence, otherwise a community or suspended sentence order. DRR and
 * ATR dates come from the shared facts, so treatment providers see the same requirements.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays, daysBetween } from '../../subgraphs/kit/dates';
import { LOCAL_AUTHORITIES, streamFaker, type OffendingLevel, type SyntheticPerson, type SyntheticPopulation } from '../population';
import { seededRandom, sharedFacts, type TreatmentRequirementFacts } from '../shared-facts';
import { mappaFacts } from '../public-protection';
import { LatestChanges } from '../record-changes';
import { ProbationCustody } from '../../subgraphs/probation/entities/custody.entity';
import { ProbationCase } from '../../subgraphs/probation/entities/case.entity';
import { ProbationOrder } from '../../subgraphs/probation/entities/order.entity';
import { ProbationRequirement } from '../../subgraphs/probation/entities/requirement.entity';
import { ProbationAppointment } from '../../subgraphs/probation/entities/appointment.entity';
import { ProbationEnforcementAction } from '../../subgraphs/probation/entities/enforcement-action.entity';
import { ProbationRiskAssessment } from '../../subgraphs/probation/entities/risk-assessment.entity';
import { ProbationCrsReferral } from '../../subgraphs/probation/entities/crs-referral.entity';
import {
  CrsService,
  ProbationAppointmentOutcome as Attendance,
  ProbationEnforcementKind,
  ProbationOrderType as OrderType,
  ProbationRequirementStatus as Status,
  ProbationRequirementType as RequirementType,
  ProbationTerminationReason as Termination,
  RiskOfSeriousHarm,
} from '../../subgraphs/probation/entities/enums';

const CHUNK = 1000;
/** Each district's commissioned drug and alcohol treatment provider. */
const TREATMENT_PROVIDERS = ['We Are With You', 'Cranstoun', 'WDP'];

type Row<T> = Omit<T, 'id'>;

/** Two-year reoffending predictor ranges (percent) by how much a person offends. */
const PREDICTOR_RANGES: Record<OffendingLevel, readonly [number, number]> = { NONE: [2, 15], OCCASIONAL: [8, 40], REPEAT: [35, 70], PROLIFIC: [55, 90] };
const PREDICTOR_RANGE_IOM = [70, 95] as const;

function treatmentProviderFor(person: SyntheticPerson): string {
  const district = LOCAL_AUTHORITIES.findIndex((authority) => authority.code === person.localAuthority.code);
  return TREATMENT_PROVIDERS[Math.max(0, district) % TREATMENT_PROVIDERS.length];
}

const minDate = (...dates: string[]) => [...dates].sort()[0];
const maxDate = (...dates: string[]) => [...dates].sort().at(-1)!;

export async function seedProbation(em: EntityManager, population: SyntheticPopulation): Promise<string> {
  const faker = streamFaker(population.seed, 'probation');
  const today = population.referenceDate;
  const cases: ProbationCase[] = [];
  const orders: ProbationOrder[] = [];
  const requirements: Row<ProbationRequirement>[] = [];
  const appointments: Row<ProbationAppointment>[] = [];
  const actions: Row<ProbationEnforcementAction>[] = [];
  const assessments: Row<ProbationRiskAssessment>[] = [];
  const referrals: Row<ProbationCrsReferral>[] = [];
  const custody: Row<ProbationCustody>[] = [];
  const between = (min: number, max: number) => faker.number.int({ min, max });
  const chance = (probability: number) => faker.datatype.boolean({ probability });

  for (const person of population.people) {
    const crn = person.identifiers.crn;
    if (!crn || person.duplicateOf !== undefined) continue;
    const { profile } = person;
    const facts = sharedFacts(population, person);
    const area = person.localAuthority.name;
    const practitioner = faker.person.fullName();
    const team = profile.iomCandidate ? `${area} IOM` : person.sex === 'FEMALE' && chance(0.6) ? `${area} Women's Team` : `${area} Community Team ${between(1, 3)}`;
    cases.push({ crn, pncId: person.identifiers.pncId ?? null, prisonNumber: person.identifiers.prisonNumber ?? null, deliveryUnit: `${area} PDU` } as ProbationCase);
    // The shared custody episodes, with the release date the sentence calculation expects: the
    // actual release once it happened; for a spell still running, a day ahead drawn from the CRN
    // (its own stream, so every other row keeps its random draws).
    const expected = seededRandom([...crn].reduce((hash, char) => Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0, 0));
    for (const episode of facts.custody) {
      custody.push({ crn, startedOn: episode.start, releasedOn: episode.release, expectedReleaseOn: episode.release ?? addDays(today, 14 + Math.floor(expected() * 500)) });
    }

    const personOrders: ProbationOrder[] = [];
    const addOrder = (order: Omit<ProbationOrder, 'id' | 'crn' | 'practitioner' | 'team'>, staff = { practitioner, team }) => {
      const row = { id: faker.string.uuid(), crn, ...staff, ...order } as ProbationOrder;
      personOrders.push(row);
      return row;
    };
    const formerStaff = () => ({ practitioner: faker.person.fullName(), team: `${area} Community Team ${between(1, 3)}` });

    // A licence after every release; a new custody episode that starts during it is a recall.
    facts.custody.forEach((episode, i) => {
      if (!episode.release) return;
      const next = facts.custody[i + 1];
      const current = facts.onLicence && episode.release === facts.lastRelease;
      let expectedEndOn = addDays(episode.release, between(120, 540));
      if (current) expectedEndOn = maxDate(expectedEndOn, addDays(today, between(30, 240)));
      else if (expectedEndOn >= today && !next) expectedEndOn = addDays(today, -between(1, 60));
      if (expectedEndOn <= episode.release) expectedEndOn = addDays(episode.release, 30);
      const recalled = next && next.start < expectedEndOn;
      const licence = addOrder(
        {
          type: OrderType.LICENCE,
          startedOn: episode.release,
          expectedEndOn,
          terminatedOn: current ? null : recalled ? next.start : expectedEndOn,
          terminationReason: current ? null : recalled ? Termination.RECALLED : Termination.COMPLETED,
        },
        current ? undefined : formerStaff(),
      );
      if (recalled) actions.push({ crn, orderId: licence.id, kind: ProbationEnforcementKind.RECALL, actionOn: next.start, reason: faker.helpers.arrayElement(['Further offence charged', 'Failure to keep in touch', 'Breach of licence conditions', 'Failure to reside at approved address']) });
    });

    // Earlier community sentences, long finished.
    const pastOrders = profile.offendingLevel === 'NONE' ? 0 : between(personOrders.length || profile.statutorySupervision ? 0 : 1, profile.offendingLevel === 'OCCASIONAL' ? 1 : 2);
    for (let i = 0; i < pastOrders; i++) {
      const startedOn = addDays(today, -between(900, 3000));
      const expectedEndOn = addDays(startedOn, between(365, 730));
      const reason = faker.helpers.weightedArrayElement([
        { weight: 65, value: Termination.COMPLETED },
        { weight: 8, value: Termination.EARLY_FOR_GOOD_PROGRESS },
        { weight: 17, value: Termination.REVOKED_FOR_BREACH },
        { weight: 10, value: Termination.RESENTENCED_FOR_FURTHER_OFFENCE },
      ]);
      const terminatedOn = reason === Termination.COMPLETED ? expectedEndOn : addDays(startedOn, between(90, 300));
      const order = addOrder({ type: chance(0.65) ? OrderType.COMMUNITY_ORDER : OrderType.SUSPENDED_SENTENCE_ORDER, startedOn, expectedEndOn, terminatedOn, terminationReason: reason }, formerStaff());
      const type = faker.helpers.arrayElement([RequirementType.REHABILITATION_ACTIVITY, RequirementType.UNPAID_WORK, RequirementType.CURFEW]);
      const breached = reason === Termination.REVOKED_FOR_BREACH;
      requirements.push({
        crn,
        orderId: order.id,
        type,
        status: breached ? Status.BREACHED : reason === Termination.RESENTENCED_FOR_FURTHER_OFFENCE ? Status.TERMINATED_EARLY : Status.COMPLETED,
        startedOn: addDays(startedOn, between(0, 21)),
        plannedEndOn: expectedEndOn,
        endedOn: terminatedOn,
        provider: type === RequirementType.CURFEW ? 'Electronic Monitoring Service' : 'Probation Service',
      });
      if (breached) actions.push({ crn, orderId: order.id, kind: ProbationEnforcementKind.BREACH, actionOn: addDays(terminatedOn, -between(14, 40)), reason: 'Second unacceptable absence within 12 months' });
    }

    // The current statutory order, when not on licence.
    const drr = facts.drugRehabilitationRequirement;
    const atr = facts.alcoholTreatmentRequirement;
    let current = personOrders.find((order) => order.terminatedOn === null && order.type === OrderType.LICENCE) ?? null;
    if (profile.statutorySupervision && !current) {
      const treatment = [drr, atr].filter((r): r is TreatmentRequirementFacts => r !== null);
      // Sentenced after the last release (treatment requirement dates are fixed by the shared facts).
      const earliest = facts.lastRelease ? addDays(facts.lastRelease, 14) : addDays(today, -500);
      const startedOn = treatment.length
        ? addDays(minDate(...treatment.map((r) => r.start)), -between(0, 10))
        : minDate(maxDate(addDays(today, -between(30, 500)), earliest), addDays(today, -14));
      const expectedEndOn = maxDate(addDays(startedOn, between(365, 730)), ...treatment.map((r) => addDays(r.plannedEnd, 30)), addDays(today, between(30, 300)));
      const type =
        !treatment.length && facts.lastRelease && chance(0.3)
          ? OrderType.POST_SENTENCE_SUPERVISION
          : chance(0.6)
            ? OrderType.COMMUNITY_ORDER
            : OrderType.SUSPENDED_SENTENCE_ORDER;
      current = addOrder({ type, startedOn, expectedEndOn, terminatedOn: null, terminationReason: null });
      if (type !== OrderType.POST_SENTENCE_SUPERVISION) addCurrentRequirements(current, person, drr, atr);
    }
    orders.push(...personOrders);

    function treatmentRequirement(order: ProbationOrder, type: RequirementType, requirement: TreatmentRequirementFacts, completionRate: number): void {
      let status: Status;
      let endedOn: string | null = null;
      if (requirement.plannedEnd > today) {
        status = chance(0.9) ? Status.ACTIVE : Status.BREACHED;
        if (status === Status.BREACHED) endedOn = addDays(requirement.start, between(30, Math.max(31, daysBetweenAtLeastOne(requirement.start, today))));
      } else {
        status = chance(completionRate) ? Status.COMPLETED : chance(0.5) ? Status.TERMINATED_EARLY : Status.BREACHED;
        endedOn = status === Status.COMPLETED ? requirement.plannedEnd : addDays(requirement.start, between(30, daysBetweenAtLeastOne(requirement.start, requirement.plannedEnd)));
      }
      if (endedOn && endedOn > today) endedOn = today;
      requirements.push({ crn: crn!, orderId: order.id, type, status, startedOn: requirement.start, plannedEndOn: requirement.plannedEnd, endedOn, provider: treatmentProviderFor(person) });
    }

    function addCurrentRequirements(order: ProbationOrder, who: SyntheticPerson, drugs: TreatmentRequirementFacts | null, alcohol: TreatmentRequirementFacts | null): void {
      // Havering's completions: about two in three DRRs and three in five ATRs.
      if (drugs) treatmentRequirement(order, RequirementType.DRUG_REHABILITATION, drugs, 0.68);
      if (alcohol) treatmentRequirement(order, RequirementType.ALCOHOL_TREATMENT, alcohol, 0.61);
      const usesAlcohol = who.profile.substanceUse === 'ALCOHOL' || who.profile.substanceUse === 'DRUGS_AND_ALCOHOL';
      const others: [RequirementType, boolean, string][] = [
        [RequirementType.REHABILITATION_ACTIVITY, chance(0.7), 'Probation Service'],
        [RequirementType.UNPAID_WORK, chance(0.4), 'Community Payback'],
        [RequirementType.CURFEW, chance(0.15), 'Electronic Monitoring Service'],
        [RequirementType.ACCREDITED_PROGRAMME, who.profile.domesticAbusePerpetrator || chance(0.15), 'Probation Service'],
        [RequirementType.MENTAL_HEALTH_TREATMENT, chance(0.08), 'NHS Community Mental Health Team'],
        [RequirementType.ALCOHOL_ABSTINENCE_MONITORING, usesAlcohol && !alcohol && chance(0.25), 'Electronic Monitoring Service'],
      ];
      for (const [type, given, provider] of others) {
        if (!given) continue;
        if (chance(0.1)) {
          requirements.push({ crn: crn!, orderId: order.id, type, status: Status.NOT_STARTED, startedOn: null, plannedEndOn: null, endedOn: null, provider });
          continue;
        }
        const startedOn = minDate(addDays(order.startedOn, between(0, 30)), today);
        const plannedEndOn = minDate(addDays(startedOn, between(90, 365)), order.expectedEndOn);
        const finished = plannedEndOn <= today && chance(0.8);
        requirements.push({ crn: crn!, orderId: order.id, type, status: finished ? Status.COMPLETED : Status.ACTIVE, startedOn, plannedEndOn, endedOn: finished ? plannedEndOn : null, provider });
      }
    }

    // Recent supervision: IOM weekly, others fortnightly. A first unacceptable absence brings a
    // warning letter; a second within 12 months a breach (licence: a final warning).
    if (current) {
      const interval = profile.iomCandidate ? 7 : 14;
      const chaotic = profile.offendingLevel === 'PROLIFIC' || profile.iomCandidate;
      let warned: string | null = null;
      for (let day = maxDate(current.startedOn, addDays(today, -16 * 7)); day <= today; day = addDays(day, interval)) {
        const outcome = faker.helpers.weightedArrayElement([
          { weight: chaotic ? 74 : 84, value: Attendance.ATTENDED },
          { weight: 8, value: Attendance.FAILED_TO_ATTEND_ACCEPTABLE },
          { weight: chaotic ? 18 : 8, value: Attendance.FAILED_TO_ATTEND_UNACCEPTABLE },
        ]);
        appointments.push({ crn, orderId: current.id, appointmentOn: day, outcome });
        if (outcome !== Attendance.FAILED_TO_ATTEND_UNACCEPTABLE) continue;
        const actionOn = minDate(addDays(day, between(1, 5)), today);
        if (warned && current.type !== OrderType.LICENCE) {
          actions.push({ crn, orderId: current.id, kind: ProbationEnforcementKind.BREACH, actionOn, reason: 'Second unacceptable absence within 12 months' });
          warned = null;
        } else {
          actions.push({ crn, orderId: current.id, kind: ProbationEnforcementKind.WARNING_LETTER, actionOn, reason: warned ? 'Final warning: unacceptable absence' : 'Unacceptable absence' });
          warned = day;
        }
      }
    }

    // Risk: the reoffending predictor follows the offending; RoSH follows MAPPA and domestic abuse.
    const mappa = mappaFacts(population, person);
    const predictor = profile.iomCandidate ? PREDICTOR_RANGE_IOM : PREDICTOR_RANGES[profile.offendingLevel];
    const rosh = (): RiskOfSeriousHarm => {
      if (mappa?.level === 3) return RiskOfSeriousHarm.VERY_HIGH;
      if (mappa?.level === 2) return chance(0.3) ? RiskOfSeriousHarm.VERY_HIGH : RiskOfSeriousHarm.HIGH;
      if (mappa || profile.domesticAbusePerpetrator) return chance(0.5) ? RiskOfSeriousHarm.HIGH : RiskOfSeriousHarm.MEDIUM;
      return faker.helpers.weightedArrayElement([
        { weight: 55, value: RiskOfSeriousHarm.LOW },
        { weight: 40, value: RiskOfSeriousHarm.MEDIUM },
        { weight: 5, value: RiskOfSeriousHarm.HIGH },
      ]);
    };
    let assessedOn = current ? addDays(today, -between(7, 180)) : addDays(today, -between(200, 1500));
    for (let i = between(1, 3); i > 0; i--) {
      assessments.push({ crn, assessedOn, riskOfSeriousHarm: rosh(), reoffendingPredictorPercentage: between(predictor[0], predictor[1]) });
      assessedOn = addDays(assessedOn, -between(150, 400));
    }

    // CRS referrals during the current order: NACRO for men's accommodation, Ingeus and Maximus
    // for ETE and finance, Changing Lives for women (Solihull's providers).
    if (current && current.type !== OrderType.POST_SENTENCE_SUPERVISION) {
      const female = person.sex === 'FEMALE';
      const wanted: [CrsService, boolean, string][] = [
        [CrsService.ACCOMMODATION, profile.housingNeed && chance(0.6), female ? 'Changing Lives' : 'NACRO'],
        [CrsService.EDUCATION_TRAINING_EMPLOYMENT, chance(0.3), female ? 'Changing Lives' : faker.helpers.arrayElement(['Maximus', 'Ingeus'])],
        [CrsService.FINANCE_BENEFIT_DEBT, chance(0.15), female ? 'Changing Lives' : 'Ingeus'],
        [CrsService.WOMENS_SERVICES, female && chance(0.7), 'Changing Lives'],
      ];
      for (const [service, given, provider] of wanted) {
        if (!given) continue;
        const referredOn = minDate(addDays(current.startedOn, between(0, 60)), today);
        const startedOn = chance(0.8) ? addDays(referredOn, between(7, 30)) : null;
        const completedOn = startedOn && chance(0.6) ? addDays(startedOn, between(60, 180)) : null;
        referrals.push({
          crn,
          service,
          provider,
          referredOn,
          startedOn: startedOn && startedOn <= today ? startedOn : null,
          completedOn: startedOn && startedOn <= today && completedOn && completedOn <= today ? completedOn : null,
        });
      }
    }
  }

  const changes = new LatestChanges();
  for (const row of orders) changes.note(row.crn, row.startedOn, row.terminatedOn);
  for (const row of requirements) changes.note(row.crn, row.startedOn, row.endedOn);
  for (const row of appointments) changes.note(row.crn, row.appointmentOn);
  for (const row of actions) changes.note(row.crn, row.actionOn);
  for (const row of assessments) changes.note(row.crn, row.assessedOn);
  for (const row of referrals) changes.note(row.crn, row.referredOn, row.startedOn, row.completedOn);
  for (const row of custody) changes.note(row.crn, row.startedOn, row.releasedOn);
  for (const row of cases) row.recordChangedAt = changes.changedAt(row.crn, addDays(today, -365), today);

  await em.transactional(async (tx) => {
    const insert = async <T extends object>(entity: new () => T, rows: object[]) => {
      for (let i = 0; i < rows.length; i += CHUNK) await tx.insertMany(entity, rows.slice(i, i + CHUNK) as T[]);
    };
    await insert(ProbationCase, cases);
    await insert(ProbationCustody, custody);
    await insert(ProbationOrder, orders);
    await insert(ProbationRequirement, requirements);
    await insert(ProbationAppointment, appointments);
    await insert(ProbationEnforcementAction, actions);
    await insert(ProbationRiskAssessment, assessments);
    await insert(ProbationCrsReferral, referrals);
  });
  const supervised = new Set(orders.filter((order) => order.terminatedOn === null).map((order) => order.crn)).size;
  return `${cases.length} cases (${supervised} under statutory supervision), ${orders.length} orders, ${requirements.length} requirements, ${appointments.length} appointments, ${actions.length} enforcement actions, ${assessments.length} risk assessments, ${referrals.length} CRS referrals`;
}

/** At least one day, so a range drawn from it is never empty. */
function daysBetweenAtLeastOne(from: string, to: string): number {
  return Math.max(1, daysBetween(from, to));
}
