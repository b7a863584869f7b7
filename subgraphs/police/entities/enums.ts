import { registerEnumType } from 'type-graphql';

/** Home Office recorded-crime categories, as police systems code an offence. */
export enum PoliceCrimeType {
  BURGLARY_RESIDENTIAL = 'BURGLARY_RESIDENTIAL',
  BURGLARY_BUSINESS = 'BURGLARY_BUSINESS',
  ROBBERY_PERSONAL = 'ROBBERY_PERSONAL',
  ROBBERY_BUSINESS = 'ROBBERY_BUSINESS',
  THEFT_FROM_THE_PERSON = 'THEFT_FROM_THE_PERSON',
  THEFT_OF_MOTOR_VEHICLE = 'THEFT_OF_MOTOR_VEHICLE',
  THEFT_FROM_MOTOR_VEHICLE = 'THEFT_FROM_MOTOR_VEHICLE',
  VEHICLE_INTERFERENCE = 'VEHICLE_INTERFERENCE',
  SHOPLIFTING = 'SHOPLIFTING',
  BICYCLE_THEFT = 'BICYCLE_THEFT',
  OTHER_THEFT = 'OTHER_THEFT',
  VIOLENCE_WITH_INJURY = 'VIOLENCE_WITH_INJURY',
  VIOLENCE_WITHOUT_INJURY = 'VIOLENCE_WITHOUT_INJURY',
  STALKING_AND_HARASSMENT = 'STALKING_AND_HARASSMENT',
  SEXUAL_OFFENCES = 'SEXUAL_OFFENCES',
  CRIMINAL_DAMAGE_AND_ARSON = 'CRIMINAL_DAMAGE_AND_ARSON',
  DRUG_POSSESSION = 'DRUG_POSSESSION',
  DRUG_TRAFFICKING = 'DRUG_TRAFFICKING',
  POSSESSION_OF_WEAPONS = 'POSSESSION_OF_WEAPONS',
  PUBLIC_ORDER = 'PUBLIC_ORDER',
  MISCELLANEOUS_CRIMES_AGAINST_SOCIETY = 'MISCELLANEOUS_CRIMES_AGAINST_SOCIETY',
}
registerEnumType(PoliceCrimeType, { name: 'PoliceCrimeType', description: 'A Home Office recorded-crime category.' });

/**
 * The IOM Fixed cohort's neighbourhood crime: burglary, robbery, theft from the person and
 * vehicle crime (theft of or from a motor vehicle, interference).
 */
export const NEIGHBOURHOOD_CRIME_TYPES: ReadonlySet<PoliceCrimeType> = new Set([
  PoliceCrimeType.BURGLARY_RESIDENTIAL,
  PoliceCrimeType.BURGLARY_BUSINESS,
  PoliceCrimeType.ROBBERY_PERSONAL,
  PoliceCrimeType.ROBBERY_BUSINESS,
  PoliceCrimeType.THEFT_FROM_THE_PERSON,
  PoliceCrimeType.THEFT_OF_MOTOR_VEHICLE,
  PoliceCrimeType.THEFT_FROM_MOTOR_VEHICLE,
  PoliceCrimeType.VEHICLE_INTERFERENCE,
]);

export enum PoliceOutcome {
  CHARGE = 'CHARGE',
  CAUTION = 'CAUTION',
  CONDITIONAL_CAUTION = 'CONDITIONAL_CAUTION',
  COMMUNITY_RESOLUTION = 'COMMUNITY_RESOLUTION',
  NO_FURTHER_ACTION = 'NO_FURTHER_ACTION',
}
registerEnumType(PoliceOutcome, {
  name: 'PoliceOutcome',
  description: 'The criminal-justice outcome of an offence.',
  valuesConfig: {
    CHARGE: { description: 'Charged or summonsed.' },
    CAUTION: { description: 'Simple caution.' },
    CONDITIONAL_CAUTION: { description: 'Conditional caution (may require engagement with IOM: a non-statutory case).' },
    COMMUNITY_RESOLUTION: { description: 'Community resolution.' },
    NO_FURTHER_ACTION: { description: 'No further action: the offence is not detected against this person.' },
  },
});

/** Outcomes that count the offence as detected (solved) against the person. */
export const DETECTED_OUTCOMES: ReadonlySet<PoliceOutcome> = new Set([
  PoliceOutcome.CHARGE,
  PoliceOutcome.CAUTION,
  PoliceOutcome.CONDITIONAL_CAUTION,
  PoliceOutcome.COMMUNITY_RESOLUTION,
]);

export enum PoliceWarningMarkerType {
  VIOLENCE = 'VIOLENCE',
  WEAPONS = 'WEAPONS',
  DRUGS = 'DRUGS',
  SELF_HARM = 'SELF_HARM',
  RISK_TO_STAFF = 'RISK_TO_STAFF',
}
registerEnumType(PoliceWarningMarkerType, { name: 'PoliceWarningMarkerType', description: 'A PNC warning marker: a risk officers must know before contact.' });

export enum PoliceDrugTestSubstance {
  OPIATES = 'OPIATES',
  COCAINE = 'COCAINE',
}
registerEnumType(PoliceDrugTestSubstance, { name: 'PoliceDrugTestSubstance', description: 'What a drug test on arrest screens for (cocaine includes crack).' });

export enum PoliceDrugTestResult {
  POSITIVE = 'POSITIVE',
  NEGATIVE = 'NEGATIVE',
  REFUSED = 'REFUSED',
}
registerEnumType(PoliceDrugTestResult, { name: 'PoliceDrugTestResult', description: 'The result of a drug test on arrest (refusing a test is itself an offence).' });

export enum PoliceHomeVisitType {
  IOM_OFFICER = 'IOM_OFFICER',
  NEIGHBOURHOOD_TEAM = 'NEIGHBOURHOOD_TEAM',
}
registerEnumType(PoliceHomeVisitType, { name: 'PoliceHomeVisitType', description: 'Who made a home visit: the IOM officer or the safer neighbourhood team.' });

export enum PoliceHomeVisitOutcome {
  SEEN = 'SEEN',
  NOT_SEEN = 'NOT_SEEN',
  NO_LONGER_AT_ADDRESS = 'NO_LONGER_AT_ADDRESS',
}
registerEnumType(PoliceHomeVisitOutcome, { name: 'PoliceHomeVisitOutcome', description: 'What a home visit found.' });
