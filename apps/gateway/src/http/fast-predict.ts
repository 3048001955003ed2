// A lean path for the hottest operation: a query whose only root field is `predict`, selecting
// plain fields of the result. The document is parsed and validated once (same schema, same rules,
// including the query limits); variables and arguments are coerced by graphql-js itself; the
// result is serialised straight from the selection. Anything else — other fields, fragments,
// directives, errors in the document — goes through Apollo unchanged, which also produces the
// error responses for invalid documents.
import {
  Kind,
  getArgumentValues,
  getVariableValues,
  parse,
  specifiedRules,
  validate,
  type FieldNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import { isPlainPredictInput } from '../services/inference.ts';

/** Fields the lean serialiser knows, per GraphQL type, and the type each nested field returns. */
const SERVABLE: Record<string, Record<string, string | null>> = {
  PredictResult: { modelVersion: 'ModelVersion', predictions: 'Prediction', __typename: null },
  ModelVersion: { id: null, version: null, createdAt: null, __typename: null },
  Prediction: { label: null, labelIndex: null, value: null, probabilities: 'ClassProbability', __typename: null },
  ClassProbability: { label: null, probability: null, __typename: null },
};

interface Shape {
  type: string;
  /** `prefix` is the JSON text before the value: `"key":` (with a comma after the first). */
  fields: { key: string; name: string; sub: Shape | null; prefix: string }[];
}

export interface PredictPlan {
  /** Set when `input:` is a single `$variable: PredictInput!`, the usual form. */
  inputVariable: string | null;
  operation: OperationDefinitionNode;
  operationName: string | null;
  field: FieldNode;
  fieldDef: GraphQLField<unknown, unknown>;
  responseKey: string;
  shape: Shape;
}

function shapeOf(type: string, selectionSet: SelectionSetNode | undefined): Shape | null {
  const allowed = SERVABLE[type];
  if (!allowed || !selectionSet) return null;
  const fields: Shape['fields'] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.directives?.length || selection.arguments?.length) return null;
    const name = selection.name.value;
    if (!(name in allowed)) return null;
    const childType = allowed[name];
    let sub: Shape | null = null;
    if (childType) {
      sub = shapeOf(childType, selection.selectionSet);
      if (!sub) return null;
    } else if (selection.selectionSet) {
      return null;
    }
    const key = selection.alias?.value ?? name;
    fields.push({ key, name, sub, prefix: `${fields.length ? ',' : ''}${JSON.stringify(key)}:` });
  }
  return { type, fields };
}

/** Writes the selected fields of `value` as JSON text directly (no intermediate objects). */
function writeJson(value: unknown, shape: Shape): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + writeJson(value[i], shape);
    return `${out}]`;
  }
  const source = value as Record<string, unknown>;
  let out = '{';
  for (let i = 0; i < shape.fields.length; i++) {
    const { name, sub, prefix } = shape.fields[i]!;
    let text: string;
    if (name === '__typename') text = JSON.stringify(shape.type);
    else if (sub) text = writeJson(source[name], sub);
    else {
      const v = source[name];
      text = v instanceof Date ? `"${v.toISOString()}"` : v === undefined ? 'null' : JSON.stringify(v);
    }
    out += prefix + text;
  }
  return `${out}}`;
}

export function createFastPredict(schema: GraphQLSchema, rules: readonly ValidationRule[], maxPlans = 500) {
  // query text → plan (null: not servable here, use Apollo). Bounded: oldest entries go first.
  const plans = new Map<string, Map<string | null, PredictPlan | null>>();
  const predictField = schema.getQueryType()?.getFields().predict;
  const allRules = [...specifiedRules, ...rules];

  function planFor(query: string, operationName: string | null): PredictPlan | null {
    let plan: PredictPlan | null = null;
    try {
      plan = build(query, operationName);
    } catch {
      plan = null; // a syntax error: Apollo reports it
    }
    let byName = plans.get(query);
    if (!byName) {
      if (plans.size >= maxPlans) plans.delete(plans.keys().next().value!);
      plans.set(query, (byName = new Map()));
    }
    if (byName.size < 16) byName.set(operationName, plan);
    return plan;
  }

  function build(query: string, operationName: string | null): PredictPlan | null {
    if (!predictField) return null;
    const document = parse(query);
    if (document.definitions.length !== 1) return null;
    const operation = document.definitions[0]!;
    if (operation.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'query' || operation.directives?.length) return null;
    if (operationName && operation.name?.value !== operationName) return null;
    if (validate(schema, document, allRules).length > 0) return null;
    const [root, ...rest] = operation.selectionSet.selections;
    if (!root || rest.length > 0 || root.kind !== Kind.FIELD || root.name.value !== 'predict' || root.directives?.length) return null;
    const shape = shapeOf('PredictResult', root.selectionSet);
    if (!shape) return null;
    const argument = root.arguments?.[0];
    const definitions = operation.variableDefinitions ?? [];
    const [definition] = definitions;
    const inputVariable =
      root.arguments?.length === 1 &&
      argument?.value.kind === Kind.VARIABLE &&
      definitions.length === 1 &&
      definition?.variable.name.value === argument.value.name.value &&
      definition.type.kind === Kind.NON_NULL_TYPE &&
      definition.type.type.kind === Kind.NAMED_TYPE &&
      definition.type.type.name.value === 'PredictInput' &&
      !definition.defaultValue
        ? argument.value.name.value
        : null;
    return {
      inputVariable,
      operation,
      operationName: operation.name?.value ?? null,
      field: root,
      fieldDef: predictField,
      responseKey: root.alias?.value ?? 'predict',
      shape,
    };
  }

  return {
    /**
     * The plan for this request, or null when it should go through Apollo. `admit` sees each new
     * document before it is parsed (the token limit); a refused one is not parsed or cached.
     */
    plan(body: { query?: unknown; operationName?: unknown; extensions?: unknown }, admit: (query: string) => boolean): PredictPlan | null {
      if (typeof body.query !== 'string' || body.extensions !== undefined) return null;
      const operationName = body.operationName;
      if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
      // Keyed by the query text itself (no concatenation on the hot path), then the operation name.
      const cached = plans.get(body.query)?.get(operationName ?? null);
      if (cached !== undefined) return cached;
      if (!admit(body.query)) return null;
      return planFor(body.query, operationName ?? null);
    },
    /** Coerces variables and arguments exactly as graphql-js would; null means "let Apollo answer". */
    argumentsOf(plan: PredictPlan, variables: unknown): { input: unknown } | null {
      if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
      if (plan.inputVariable) {
        const value = (variables as Record<string, unknown> | null | undefined)?.[plan.inputVariable];
        // The common shape, checked directly; it is exactly what coercion would return for it.
        if (isPlainPredictInput(value)) return { input: value };
      }
      const coerced = getVariableValues(schema, plan.operation.variableDefinitions ?? [], (variables ?? {}) as Record<string, unknown>);
      if (coerced.errors) return null;
      return getArgumentValues(plan.fieldDef, plan.field, coerced.coerced) as { input: unknown };
    },
    respond(plan: PredictPlan, result: unknown): string {
      return `{"data":{${JSON.stringify(plan.responseKey)}:${writeJson(result, plan.shape)}}}`;
    },
  };
}

export type FastPredict = ReturnType<typeof createFastPredict>;
