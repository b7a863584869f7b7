import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { PoliceWarningMarkerType } from './enums';

@ObjectType('PoliceWarningMarker', { description: 'A warning marker on a nominal, with the date it was added.' })
@Entity({ tableName: 'police_warning_marker' })
export class PoliceWarningMarker {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'text', index: true })
  pncId!: string;

  @Field(() => PoliceWarningMarkerType)
  @Enum({ items: () => PoliceWarningMarkerType })
  type!: PoliceWarningMarkerType;

  @Field(() => LocalDateResolver)
  @Property({ type: 'date' })
  recordedOn!: string;
}
