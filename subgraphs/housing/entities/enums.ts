import { registerEnumType } from 'type-graphql';

export enum AccommodationStatus {
  SETTLED = 'SETTLED',
  TEMPORARY = 'TEMPORARY',
  SUPPORTED = 'SUPPORTED',
  APPROVED_PREMISES = 'APPROVED_PREMISES',
  NO_FIXED_ABODE = 'NO_FIXED_ABODE',
  ROUGH_SLEEPING = 'ROUGH_SLEEPING',
  IN_CUSTODY = 'IN_CUSTODY',
}
registerEnumType(AccommodationStatus, {
  name: 'AccommodationStatus',
  description: 'Where a person lives, as the housing authority records it.',
  valuesConfig: {
    SETTLED: { description: 'A tenancy or home of their own, or long-term with family: counts as settled.' },
    TEMPORARY: { description: 'Temporary or emergency accommodation (B&B, night shelter, sofa surfing): accommodated, not settled.' },
    SUPPORTED: { description: 'Supported housing with a support worker: counts as settled.' },
    APPROVED_PREMISES: { description: 'Probation approved premises: accommodated, not settled.' },
    NO_FIXED_ABODE: { description: 'No fixed abode: not accommodated.' },
    ROUGH_SLEEPING: { description: 'Sleeping rough: not accommodated.' },
    IN_CUSTODY: { description: 'In prison; the period matches a custody episode.' },
  },
});

/** Accommodated on the day of release: anything with a roof that is not a prison. */
export const ACCOMMODATED_STATUSES: ReadonlySet<AccommodationStatus> = new Set([
  AccommodationStatus.SETTLED,
  AccommodationStatus.TEMPORARY,
  AccommodationStatus.SUPPORTED,
  AccommodationStatus.APPROVED_PREMISES,
]);

/** Settled three months after release: the national measure counts supported housing as settled. */
export const SETTLED_STATUSES: ReadonlySet<AccommodationStatus> = new Set([AccommodationStatus.SETTLED, AccommodationStatus.SUPPORTED]);

export enum HomelessnessReferralRoute {
  DUTY_TO_REFER = 'DUTY_TO_REFER',
  SELF_APPLICATION = 'SELF_APPLICATION',
}
registerEnumType(HomelessnessReferralRoute, {
  name: 'HomelessnessReferralRoute',
  description: 'How a homelessness case came to the housing authority.',
  valuesConfig: {
    DUTY_TO_REFER: { description: 'A public authority (prison, probation, NHS…) referred the person under the Duty to Refer.' },
    SELF_APPLICATION: { description: 'The person applied themselves.' },
  },
});

export enum HomelessnessDuty {
  PREVENTION = 'PREVENTION',
  RELIEF = 'RELIEF',
}
registerEnumType(HomelessnessDuty, {
  name: 'HomelessnessDuty',
  description: 'The homelessness duty owed (Housing Act 1996 Part 7, as amended by the Homelessness Reduction Act 2017).',
  valuesConfig: {
    PREVENTION: { description: 'Threatened with homelessness within 56 days: help to keep or find accommodation.' },
    RELIEF: { description: 'Already homeless: help to secure accommodation, for up to 56 days.' },
  },
});

export enum HomelessnessOutcome {
  ACCOMMODATION_SECURED = 'ACCOMMODATION_SECURED',
  BECAME_HOMELESS = 'BECAME_HOMELESS',
  MAIN_DUTY_ACCEPTED = 'MAIN_DUTY_ACCEPTED',
  CONTACT_LOST = 'CONTACT_LOST',
  WITHDRAWN = 'WITHDRAWN',
  ENTERED_CUSTODY = 'ENTERED_CUSTODY',
}
registerEnumType(HomelessnessOutcome, {
  name: 'HomelessnessOutcome',
  description: 'How a homelessness duty ended.',
  valuesConfig: {
    ACCOMMODATION_SECURED: { description: 'Accommodation secured for at least six months.' },
    BECAME_HOMELESS: { description: 'Prevention failed: the person became homeless and a relief duty followed.' },
    MAIN_DUTY_ACCEPTED: { description: 'Relief ended without accommodation and the main housing duty was accepted.' },
    CONTACT_LOST: { description: 'The authority lost contact with the person.' },
    WITHDRAWN: { description: 'The application was withdrawn.' },
    ENTERED_CUSTODY: { description: 'The person went into custody while the duty was owed.' },
  },
});

export enum ReleaseHousingMeasure {
  ACCOMMODATED_ON_RELEASE = 'ACCOMMODATED_ON_RELEASE',
  SETTLED_THREE_MONTHS_AFTER_RELEASE = 'SETTLED_THREE_MONTHS_AFTER_RELEASE',
}
registerEnumType(ReleaseHousingMeasure, {
  name: 'ReleaseHousingMeasure',
  description: 'The prison-release housing measures the partnership reports against national targets.',
  valuesConfig: {
    ACCOMMODATED_ON_RELEASE: { description: 'In accommodation (not rough sleeping, not of no fixed abode) on the day of release.' },
    SETTLED_THREE_MONTHS_AFTER_RELEASE: { description: 'In settled accommodation three calendar months after release; people back in custody by then are left out.' },
  },
});
