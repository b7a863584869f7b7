import { LocalDateResolver } from 'graphql-scalars';
import { Field, InputType, ObjectType } from 'type-graphql';
import { IdentifierType } from '../../kit/identifiers';
import { Connection } from '../../kit/pagination';
import { Person } from '../entities/person.entity';
import { MatchReason } from '../services/matching';

@InputType({ description: 'Narrows the people list; every filter given must hold.' })
export class PersonFilter {
  @Field(() => String, { nullable: true, description: 'Part of a given name, family name, full name or alias; case does not matter.' })
  name?: string | null;

  @Field(() => LocalDateResolver, { nullable: true })
  dateOfBirth?: string | null;

  @Field(() => [IdentifierType], { nullable: true, description: 'Only people holding every one of these identifiers.' })
  hasIdentifiers?: IdentifierType[] | null;

  @Field(() => [IdentifierType], { nullable: true, description: 'Only people holding none of these identifiers.' })
  lacksIdentifiers?: IdentifierType[] | null;
}

@ObjectType({ description: 'A page of people, ordered by family name, given name and id.' })
export class PersonConnection extends Connection(Person, 'Person') {}

@ObjectType({ description: 'Another index record that may be the same person, to confirm or reject.' })
export class CandidateMatch {
  @Field(() => Person)
  candidate!: Person;

  @Field(() => MatchReason)
  reason!: MatchReason;
}
