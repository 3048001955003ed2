import type { ColumnSchema } from '@modelgraph/dataset-core';
import { notFound } from '../errors.ts';
import type { Resolvers } from '../generated/graphql.ts';
import {
  createDataset,
  createDatasetVersionFromText,
  deleteDataset,
  getDataset,
  getDatasetVersion,
  latestDatasetVersion,
  listDatasetVersions,
  listDatasets,
  previewRows,
  updateColumnTypes,
  versionFeatureNames,
  versionFeatureShape,
  versionLabelClasses,
  type DatasetVersionView,
} from '../services/datasets/index.ts';

const upper = <T extends string>(value: T) => value.toUpperCase() as Uppercase<T>;

function columnsOf(version: DatasetVersionView) {
  const excluded = new Set(
    (version.fitted.spec.columns as { name: string; exclude?: boolean }[]).filter((c) => c.exclude).map((c) => c.name),
  );
  return version.columnsInfo.columns.map((column: ColumnSchema) => ({
    ...column,
    role: (column.name === version.labelColumn ? 'LABEL' : excluded.has(column.name) ? 'IGNORED' : 'FEATURE') as 'FEATURE' | 'LABEL' | 'IGNORED',
    histogram: version.columnsInfo.histograms[column.name] ?? null,
  }));
}

export const datasetResolvers: Resolvers = {
  Query: {
    datasets: (_p, args, ctx) => listDatasets(ctx.services, args),
    dataset: (_p, { id }, ctx) => getDataset(ctx.services, id),
    datasetVersion: (_p, { id }, ctx) => getDatasetVersion(ctx.services, id),
  },
  Mutation: {
    createDataset: async (_p, { input }, ctx) => ({ dataset: await createDataset(ctx.services, input) }),
    createDatasetVersion: async (_p, { input }, ctx) => ({
      datasetVersion: await createDatasetVersionFromText(ctx.services, input),
    }),
    updateColumnTypes: async (_p, { input }, ctx) => ({ datasetVersion: await updateColumnTypes(ctx.services, input) }),
    deleteDataset: async (_p, { input }, ctx) => ({ deletedDatasetId: await deleteDataset(ctx.services, input.id) }),
  },
  Dataset: {
    versions: (dataset, args, ctx) => listDatasetVersions(ctx.services, dataset.id, args),
    latestVersion: (dataset, _args, ctx) => latestDatasetVersion(ctx.services, dataset.id),
  },
  DatasetVersion: {
    dataset: async (version, _args, ctx) => {
      const dataset = await ctx.loaders.dataset.load(version.datasetId);
      if (!dataset) throw notFound('Dataset', version.datasetId);
      return dataset;
    },
    byteSize: (version) => Number(version.byteSize),
    task: (version) => (version.fitted.label ? upper(version.fitted.label.task) : null),
    labelClasses: (version) => versionLabelClasses(version),
    columns: (version) => columnsOf(version),
    warnings: (version) => version.columnsInfo.warnings.map((w) => ({ code: w.code, column: w.column ?? null, message: w.message })),
    preview: (version, args, ctx) => previewRows(ctx.services, version, args),
    splits: (version) => ({
      seed: version.splitInfo.seed,
      stratified: version.splitInfo.stratified,
      trainFraction: version.splitInfo.fractions.train,
      validationFraction: version.splitInfo.fractions.validation,
      testFraction: version.splitInfo.fractions.test,
      ...version.splitInfo.counts,
    }),
    preprocessing: (version) => version.fitted.spec,
    featureShape: (version) => versionFeatureShape(version),
    featureNames: (version) => versionFeatureNames(version),
  },
  DatasetColumn: {
    type: (column) => upper(column.type),
    inferredType: (column) => upper(column.inferredType),
    stats: ({ stats, histogram }) => ({
      count: stats.count,
      missing: stats.missing,
      distinctCount: stats.distinct.count,
      distinctCapped: stats.distinct.capped,
      topValues: stats.distinct.top,
      min: stats.numeric?.min ?? stats.image?.min ?? null,
      max: stats.numeric?.max ?? stats.image?.max ?? null,
      mean: stats.numeric?.mean ?? stats.image?.mean ?? null,
      std: stats.numeric?.std ?? null,
      median: stats.numeric?.median ?? null,
      minDate: stats.datetime?.min ?? null,
      maxDate: stats.datetime?.max ?? null,
      meanTokens: stats.text?.meanTokens ?? null,
      maxTokens: stats.text?.maxTokens ?? null,
      vocabularySize: stats.text?.vocabularySize ?? null,
      histogram,
    }),
  },
};
