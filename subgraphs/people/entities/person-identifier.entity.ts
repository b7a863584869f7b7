import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Agency } from '../../kit/agency';
import { IdentifierType } from '../../kit/identifiers';

export enum LinkMethod {
  EXACT = 'EXACT',
  CONFIRMED = 'CONFIRMED',
  AUTOMATIC = 'AUTOMATIC',
}
registerEnumType(LinkMethod, {
  name: 'LinkMethod',
  description: 'How an identifier came to be linked to a person.',
  valuesConfig: {
    EXACT: { description: 'Linked on an exact shared identifier when the record was received.' },
    CONFIRMED: { description: 'Linked by a person confirming a candidate match.' },
    AUTOMATIC: { description: 'Linked by the matcher: a match score at or above the join threshold, with an agreeing identifier.' },
  },
});

/** One partner identifier linked to a person, with where it came from and how it was linked. */
@ObjectType('PersonIdentifier', { description: "A partner's identifier for a person, with the link's provenance." })
@Entity({ tableName: 'person_identifier' })
@Unique({ properties: ['type', 'value'] })
@Index({ properties: ['personId'] })
export class PersonIdentifier {
  [OptionalProps]?: 'linkedAt' | 'originRecordId';

  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  /** A plain column rather than a relation: loaders batch by it and never need the parent entity. */
  @Property({ type: 'uuid' })
  personId!: string;

  /**
   * The index record that brought this identifier, once a merge moved it to another; null while it
   * sits on the record that brought it. A split sends it back.
   */
  @Property({ type: 'uuid', nullable: true })
  originRecordId: string | null = null;

  @Field(() => IdentifierType)
  @Enum({ items: () => IdentifierType })
  type!: IdentifierType;

  @Field()
  @Property({ type: 'text' })
  value!: string;

  @Field(() => Agency, { description: 'The agency whose record supplied this identifier.' })
  @Enum({ items: () => Agency })
  sourceAgency!: Agency;

  @Field(() => LinkMethod)
  @Enum({ items: () => LinkMethod })
  linkMethod!: LinkMethod;

  @Field()
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  linkedAt: Date = new Date();
}
