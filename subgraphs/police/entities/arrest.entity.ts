import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { PoliceCrimeType } from './enums';

@ObjectType('PoliceArrest', { description: 'An arrest of a nominal.' })
@Entity({ tableName: 'police_arrest' })
export class PoliceArrest {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'text', index: true })
  pncId!: string;

  @Field(() => LocalDateResolver)
  @Property({ type: 'date' })
  arrestedOn!: string;

  @Field(() => PoliceCrimeType, { description: 'The offence the arrest was for.' })
  @Enum({ items: () => PoliceCrimeType })
  crimeType!: PoliceCrimeType;

  @Field({ description: 'The custody suite the person was taken to.' })
  @Property({ type: 'text' })
  custodySuite!: string;
}
