import { LocalDateResolver } from 'graphql-scalars';
import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { IdentifierType } from '../../kit/identifiers';
import { Connection } from '../../kit/pagination';
import { Person } from '../entities/person.entity';
import { MatchReview } from '../entities/match-review.entity';
import { RequiresScope, Scope } from '../../kit/access/directives';

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

@ObjectType('MatchEvidence', { description: "One field's comparison in a match score (Fellegi–Sunter: the weight is log2 of m / u for the level reached)." })
export class MatchEvidence {
  @Field({ description: 'FORENAME, FAMILY_NAME, ALIASES, DATE_OF_BIRTH, POSTCODE, SEX or IDENTIFIERS.' })
  field!: string;

  @Field({ description: 'The comparison level reached, e.g. EXACT, VARIANT, CLOSE, PHONETIC, TRANSPOSED, OUTCODE, AGREE, CONFLICT.' })
  level!: string;

  @Field(() => Float, { description: 'What this field added to the score, in bits.' })
  weight!: number;

  @Field(() => String, { nullable: true, description: 'What was measured: a Jaro-Winkler similarity, the identifier type that agreed or conflicted.' })
  detail!: string | null;
}

@ObjectType({ description: 'Another index record that may be the same person, to confirm or reject.' })
export class CandidateMatch {
  @Field(() => Person)
  candidate!: Person;

  @RequiresScope(Scope.IDENTITY_LINKING)
  @Field(() => Float, { nullable: true, description: 'The match score: log2 of the odds that the two records are one person.' })
  score!: number;

  @RequiresScope(Scope.IDENTITY_LINKING)
  @Field(() => String, { nullable: true, description: 'JOIN (at or above the join threshold) or REVIEW.' })
  band!: string;

  @RequiresScope(Scope.IDENTITY_LINKING)
  @Field(() => [MatchEvidence], { nullable: true, description: 'The comparison of each field.' })
  evidence!: MatchEvidence[];

  @RequiresScope(Scope.IDENTITY_LINKING)
  @Field(() => [String], { nullable: true, description: 'The blocking rules that paired the two records.' })
  blockedBy!: string[];
}

@ObjectType({ description: 'The review queue, oldest first.' })
export class MatchReviewConnection extends Connection(MatchReview, 'MatchReview') {}

@ObjectType({ description: 'What a matching run did.' })
export class MatchRunSummary {
  @Field(() => Int, { description: 'Pairs a blocking rule put together and the matcher scored.' })
  comparedPairs!: number;

  @Field(() => Int, { description: 'Records merged automatically into another.' })
  joined!: number;

  @Field(() => Int, { description: 'Pairs newly put in the review queue (one already pending is not queued twice).' })
  queued!: number;

  @Field(() => Int, { description: 'Blocks left out for holding more than 1,000 records (a value too common to mean anything).' })
  skippedBlocks!: number;
}
