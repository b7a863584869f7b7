/**
 * Every GraphQL operation the case conference page sends, in one place, so the page follows the
 * agenda as it evolves (test/web/page-operations.test.ts validates each against the supergraph).
 * The agenda asks for what `schema/operations/case-conference-agenda.graphql` asks for, plus the
 * ids the page needs to act (review and action ids).
 */

export const CONFERENCES = /* GraphQL */ `
  query PageConferences($first: Int!) {
    caseConferences(first: $first) {
      totalCount
      edges { node { id heldOn chairAgencies agendaSize } }
    }
  }
`;

export const AGENDA = /* GraphQL */ `
  query PageConferenceAgenda($id: ID!) {
    caseConference(id: $id) {
      id
      heldOn
      chairAgencies
      status
      attendance { agency attendees }
      agendaSize
      agenda {
        person {
          id givenName familyName dateOfBirth sex pncId crn
          nominal { prolific recordedOffenceCount inCustody mappaCategory mappaLevel warningMarkers { type recordedOn } }
          orders { type startedOn expectedEndOn terminatedOn practitioner team requirements { type status startedOn provider } }
          risk { riskOfSeriousHarm reoffendingPredictorPercentage assessedOn }
          accommodation { status startDate localAuthority { name } outOfBorough }
          releaseHousingOutcomes { releaseDate statusOnRelease accommodatedOnRelease settledThreeMonthsAfter }
          inTreatment treatmentProvider lastTreatmentContact
        }
        evidence {
          since until
          offences { committedOn crimeType neighbourhoodCrime detected outcome }
          arrests { arrestedOn crimeType }
          compliance {
            appointmentsAttended failedToAttendAcceptable failedToAttendUnacceptable
            warningLetters { actionOn } breaches { actionOn } recalls { actionOn }
          }
          treatmentAppointments { kept missed }
          homelessnessCases { referralDate referralRoute referringAgency }
          inCustody custodySince expectedReleaseOn custodyDisagreement
          housingRecord { hasRecord lastChangedAt }
        }
        case { id status strand cohort { code name } caseBasis leadAgency keyWorker adoptedOn }
        ragHistory { rating rationale reviewedOn }
        previousRag
        lastReviewedOn
        eligibleForDeselection
        latestPathwayAssessment { assessedOn checkpoint total changeSinceEntry }
        pathwayChangeSinceEntry
        openActions { id description ownerAgency agreedOn dueOn status }
        review { id rating rationale actions { id description ownerAgency dueOn status } }
      }
    }
  }
`;

export const RECORD_REVIEW = /* GraphQL */ `
  mutation PageRecordRagReview($input: RagReviewInput!) {
    recordRagReview(input: $input) { id rating rationale reviewedOn actions { id description ownerAgency dueOn status } }
  }
`;

export const MOVE_ACTION = /* GraphQL */ `
  mutation PageMoveAction($input: ConferenceActionStatusInput!) {
    updateConferenceActionStatus(input: $input) { id status closedOn }
  }
`;

export const RECORD_ATTENDANCE = /* GraphQL */ `
  mutation PageRecordAttendance($conferenceId: ID!, $attendance: [ConferenceAttendanceInput!]!) {
    recordConferenceAttendance(conferenceId: $conferenceId, attendance: $attendance) { id status attendance { agency attendees } }
  }
`;

/** Every operation above, by name (the test validates them all). */
export const PAGE_OPERATIONS: Record<string, string> = { CONFERENCES, AGENDA, RECORD_REVIEW, MOVE_ACTION, RECORD_ATTENDANCE };

/** The agencies an action may be owned by (the schema's Agency enum). */
export const AGENCIES = ['POLICE', 'PROBATION', 'PRISON', 'HOUSING', 'SUBSTANCE_MISUSE', 'IOM'] as const;

export const RATINGS = ['RED', 'AMBER', 'GREEN'] as const;
export type Rating = (typeof RATINGS)[number];

export type ActionStatus = 'OPEN' | 'IN_PROGRESS' | 'DONE' | 'CANCELLED';

/** Where an action may move next (the IOM subgraph refuses anything else). */
export const NEXT_STATUSES: Record<ActionStatus, ActionStatus[]> = {
  OPEN: ['IN_PROGRESS', 'DONE', 'CANCELLED'],
  IN_PROGRESS: ['DONE', 'CANCELLED'],
  DONE: [],
  CANCELLED: [],
};

export interface ConferenceSummary {
  id: string;
  heldOn: string;
  chairAgencies: string[];
  agendaSize: number;
}

export interface Action {
  id: string;
  description: string | null;
  ownerAgency: string | null;
  agreedOn?: string | null;
  dueOn: string | null;
  status: ActionStatus | null;
}

export interface AgendaPerson {
  id: string;
  givenName: string | null;
  familyName: string | null;
  dateOfBirth: string | null;
  sex: string | null;
  pncId: string | null;
  crn: string | null;
  nominal: { prolific: boolean | null; recordedOffenceCount: number | null; inCustody: boolean | null; mappaCategory: number | null; mappaLevel: number | null; warningMarkers: { type: string; recordedOn: string | null }[] | null } | null;
  orders: { type: string; startedOn: string | null; expectedEndOn: string | null; terminatedOn: string | null; practitioner: string | null; team: string | null; requirements: { type: string; status: string | null; startedOn: string | null; provider: string | null }[] | null }[] | null;
  risk: { riskOfSeriousHarm: string | null; reoffendingPredictorPercentage: number | null; assessedOn: string | null } | null;
  accommodation: { status: string | null; startDate: string | null; localAuthority: { name: string } | null; outOfBorough: boolean | null } | null;
  releaseHousingOutcomes: { releaseDate: string; statusOnRelease: string | null; accommodatedOnRelease: boolean | null; settledThreeMonthsAfter: boolean | null }[] | null;
  inTreatment: boolean | null;
  treatmentProvider: string | null;
  lastTreatmentContact: string | null;
}

/**
 * What partners hold in this conference's window, from the review before it (adoption before any)
 * to its day: it reads the same after reviews are recorded at the conference.
 */
export interface ConferenceEvidence {
  since: string | null;
  until: string | null;
  offences: { committedOn: string; crimeType: string; neighbourhoodCrime: boolean | null; detected: boolean | null; outcome: string | null }[] | null;
  arrests: { arrestedOn: string; crimeType: string }[] | null;
  compliance: { appointmentsAttended: number | null; failedToAttendAcceptable: number | null; failedToAttendUnacceptable: number | null; warningLetters: unknown[] | null; breaches: unknown[] | null; recalls: unknown[] | null } | null;
  treatmentAppointments: { kept: number; missed: number } | null;
  homelessnessCases: { referralDate: string; referralRoute: string; referringAgency: string | null }[] | null;
  /** Custody on the day by the hub's custody source (housing's record). */
  inCustody: boolean | null;
  custodySince: string | null;
  /** Probation's expected release date for that spell. */
  expectedReleaseOn: string | null;
  custodyDisagreement: boolean | null;
  /** hasRecord false: no housing case (not a refusal). */
  housingRecord: { hasRecord: boolean; lastChangedAt: string | null } | null;
}

export interface AgendaItem {
  person: AgendaPerson | null;
  evidence: ConferenceEvidence | null;
  case: { id: string; status: string | null; strand: string | null; cohort: { code: string; name: string } | null; caseBasis: string | null; leadAgency: string | null; keyWorker: string | null; adoptedOn: string | null } | null;
  ragHistory: { rating: Rating | null; rationale: string | null; reviewedOn: string | null }[] | null;
  previousRag: Rating | null;
  lastReviewedOn: string | null;
  eligibleForDeselection: boolean | null;
  latestPathwayAssessment: { assessedOn: string | null; checkpoint: number | null; total: number | null; changeSinceEntry: number | null } | null;
  pathwayChangeSinceEntry: number | null;
  openActions: Action[] | null;
  review: { id: string; rating: Rating | null; rationale: string | null; actions: Action[] | null } | null;
}

export interface Conference extends ConferenceSummary {
  /** PLANNED, HELD or CLOSED: attendance is recorded on the day, and nothing once closed. */
  status: 'PLANNED' | 'HELD' | 'CLOSED';
  attendance: { agency: string; attendees: number }[];
  agenda: AgendaItem[] | null;
}
