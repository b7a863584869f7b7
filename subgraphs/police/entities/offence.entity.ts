import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { DETECTED_OUTCOMES, NEIGHBOURHOOD_CRIME_TYPES, PoliceCrimeType, PoliceOutcome } from './enums';

/** A recorded offence the police attribute to a nominal. */
@ObjectType('PoliceOffence', { description: 'A recorded offence attributed to a nominal.' })
@Entity({ tableName: 'police_offence' })
// Covering: the outcome measures count a cohort's offences by PNC ID and day, detected or not, from the index alone (`services/offence-counts.ts`).
@Index({
  name: 'police_offence_pnc_id_committed_on_index',
  expression: 'create index "police_offence_pnc_id_committed_on_index" on "police_offence" ("pnc_id", "committed_on") include ("outcome")',
})
export class PoliceOffence {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'text' })
  pncId!: string;

  @Field(() => LocalDateResolver, { description: 'When the offence was committed.' })
  @Property({ type: 'date' })
  committedOn!: string;

  @Field(() => PoliceCrimeType)
  @Enum({ items: () => PoliceCrimeType })
  crimeType!: PoliceCrimeType;

  @Field(() => PoliceOutcome, { nullable: true, description: 'The criminal-justice outcome; null while still under investigation.' })
  @Enum({ items: () => PoliceOutcome, nullable: true })
  outcome: PoliceOutcome | null = null;

  @Field({ description: 'Burglary, robbery, theft from the person or vehicle crime: the IOM Fixed cohort’s neighbourhood crime.' })
  get neighbourhoodCrime(): boolean {
    return NEIGHBOURHOOD_CRIME_TYPES.has(this.crimeType);
  }

  @Field({ description: 'Detected against this person: charged, cautioned, conditionally cautioned or given a community resolution.' })
  get detected(): boolean {
    return this.outcome !== null && DETECTED_OUTCOMES.has(this.outcome);
  }
}
