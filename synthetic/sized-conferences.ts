/**
 * Case conferences of chosen sizes, written straight into the IOM database beside the seeded
 * partnership (the benchmark and the batching test use them): one per agenda size, each with an
 * earlier conference behind it where every case got a review, an open action and an assessment,
 * so the agenda carries history to join.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { ageOn } from '../subgraphs/kit/dates';
import { Agency } from '../subgraphs/kit/agency';
import { Sex } from '../subgraphs/kit/sex';
import { IomCase } from '../subgraphs/iom/entities/case.entity';
import { CaseConference, ConferenceAttendance } from '../subgraphs/iom/entities/conference.entity';
import { ConferenceAction, RagReview } from '../subgraphs/iom/entities/review.entity';
import { PathwayAssessment } from '../subgraphs/iom/entities/assessment.entity';
import { ConferenceActionStatus, IomCaseBasis, IomCaseEndReason, IomCaseStatus, RagRating } from '../subgraphs/iom/entities/enums';
import type { SyntheticPerson, SyntheticPopulation } from './population';

export interface BenchConference {
  size: number;
  id: string;
  heldOn: string;
}

/**
 * The year of each size's conference. The seeded partnership's cases are adopted within two
 * years before its reference date (today) and its current cases never end, so any later date
 * would put them on the agenda too; these years lie before all of them, and a year apart so no
 * two benchmark agendas share a case.
 */
const FIRST_YEAR = 2021;

/** Partner data makes the agenda realistic: people every partner knows come first. */
function richness(person: SyntheticPerson): number {
  const { pncId, crn, housingReference, treatmentClientId } = person.identifiers;
  return (pncId && crn ? 4 : pncId ? 2 : 0) + (housingReference ? 1 : 0) + (treatmentClientId ? 1 : 0);
}

/**
 * Distinct people for every size, none with a seeded IOM case (whose reviews would otherwise
 * decide their "since the last review" dates), spread so each agenda has the same mix of partner
 * involvement and its cost per person compares across sizes.
 */
export function pickPeople(population: SyntheticPopulation, sizes: number[], excludedHubIds: Set<string>, adultOn: string): SyntheticPerson[][] {
  const needed = sizes.reduce((sum, size) => sum + size, 0);
  const eligible = population.people.filter((p) => p.duplicateOf === undefined && !excludedHubIds.has(p.hubId));
  if (eligible.length < needed) {
    throw new Error(
      `Scale ${population.scale} has ${eligible.length} people without a seeded IOM case; agendas of ${sizes.join(', ')} people need ${needed} distinct people. ` +
        'Run with --scale 1 or more.',
    );
  }
  const adult = (p: SyntheticPerson) => (ageOn(p.dateOfBirth, adultOn) >= 18 ? 1 : 0);
  const ranked = [...eligible].sort((a, b) => richness(b) - richness(a) || adult(b) - adult(a) || a.index - b.index).slice(0, needed);
  const groups: SyntheticPerson[][] = sizes.map(() => []);
  for (const person of ranked) {
    let emptiest = -1;
    for (const [i, group] of groups.entries()) {
      if (group.length >= sizes[i]) continue;
      if (emptiest < 0 || group.length / sizes[i] < groups[emptiest].length / sizes[emptiest]) emptiest = i;
    }
    groups[emptiest].push(person);
  }
  return groups;
}

export function firstBenchDate(): string {
  return `${FIRST_YEAR}-01-04`;
}

/** Hub ids of everyone the seed already gave an IOM case. */
export async function seededIomPeople(em: EntityManager): Promise<Set<string>> {
  const rows: { person_id: string }[] = await em.getConnection().execute('select distinct person_id from iom_case');
  return new Set(rows.map((row) => row.person_id));
}

/**
 * One conference of exactly `people.length` cases in `year`. The cases are ENDED months later,
 * as the test's large conference is, so no cohort's caseload or waiting list changes.
 */
export async function writeConference(em: EntityManager, people: SyntheticPerson[], year: number): Promise<BenchConference> {
  const on = (monthDay: string) => `${year}-${monthDay}`;
  const chairAgencies = [Agency.POLICE, Agency.PROBATION];
  return em.transactional(async (tx) => {
    const earlier = tx.create(CaseConference, { heldOn: on('02-01'), chairAgencies });
    const conference = tx.create(CaseConference, { heldOn: on('03-01'), chairAgencies });
    await tx.flush();
    for (const held of [earlier, conference]) {
      for (const [agency, attendees] of [[Agency.POLICE, 3], [Agency.PROBATION, 2], [Agency.IOM, 1], [Agency.HOUSING, 1]] as const) {
        tx.create(ConferenceAttendance, { conferenceId: held.id, agency, attendees });
      }
    }
    const cases = people.map((person) => {
      const female = person.sex === 'FEMALE';
      return tx.create(IomCase, {
        personId: person.hubId, cohortCode: female ? 'FREE_FEMALE' : 'FIXED', status: IomCaseStatus.ENDED, sex: female ? Sex.FEMALE : Sex.MALE,
        ageAtReferral: ageOn(person.dateOfBirth, on('01-04')), sourceAgency: Agency.POLICE, referralReason: 'Volume acquisitive offending.', referredOn: on('01-04'),
        neighbourhoodCrime: !female, domesticAbusePerpetrator: person.profile.domesticAbusePerpetrator, decidedOn: on('01-11'), adoptedOn: on('01-18'),
        caseBasis: person.profile.statutorySupervision ? IomCaseBasis.STATUTORY : IomCaseBasis.NON_STATUTORY,
        leadAgency: person.profile.statutorySupervision ? Agency.PROBATION : Agency.POLICE, keyWorker: 'Alex Marr',
        endedOn: on('06-30'), endReason: IomCaseEndReason.MOVED_AWAY,
      });
    });
    await tx.flush();
    const ratings = [RagRating.RED, RagRating.AMBER, RagRating.GREEN];
    const reviews = cases.map((iomCase, i) =>
      tx.create(RagReview, { caseId: iomCase.id, conferenceId: earlier.id, reviewedOn: earlier.heldOn, rating: ratings[i % ratings.length], rationale: 'Mixed engagement.' }),
    );
    await tx.flush();
    for (const [i, iomCase] of cases.entries()) {
      tx.create(ConferenceAction, {
        reviewId: reviews[i].id, caseId: iomCase.id, description: 'Home visit to check on engagement', ownerAgency: Agency.POLICE,
        agreedOn: earlier.heldOn, dueOn: on('02-22'), status: ConferenceActionStatus.OPEN,
      });
      const female = iomCase.sex === Sex.FEMALE;
      tx.create(PathwayAssessment, {
        caseId: iomCase.id, assessedOn: on('01-18'), checkpoint: 0, total: female ? 23 : 21, accommodation: 3, educationTrainingEmployment: 3, financeBenefitDebt: 3,
        childrenAndFamilies: 3, drugsAndAlcohol: 3, health: 3, attitudesThinkingBehaviour: 3, abuseDomesticViolence: female ? 1 : null, sexWork: female ? 1 : null,
      });
    }
    await tx.flush();
    return { size: people.length, id: conference.id, heldOn: conference.heldOn };
  });
}

export async function writeConferences(em: EntityManager, groups: SyntheticPerson[][]): Promise<BenchConference[]> {
  const written: BenchConference[] = [];
  for (const [i, people] of groups.entries()) written.push(await writeConference(em.fork(), people, FIRST_YEAR + i));
  return written;
}
