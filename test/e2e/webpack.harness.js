/* eslint-disable no-undef */
// Bundles the browser harness for the end-to-end test (test/e2e/harness/entry.ts): the strict fake Excel plus a
// small API on window.__e2e. Not part of the add-in. ExcelJS and the ExcelJS adapter (used by the fake only for
// fromXlsx/toXlsx, which stay in Node) are replaced with an empty module. ts-loader type-checks the harness
// against harness/tsconfig.json (DOM types). The test passes the output directory with --output-path.
const path = require("path");
const webpack = require("webpack");

const EMPTY = path.resolve(__dirname, "harness", "empty.js");

module.exports = {
  mode: "development",
  devtool: false,
  target: "web",
  context: path.resolve(__dirname, "..", ".."),
  entry: { harness: path.resolve(__dirname, "harness", "entry.ts") },
  output: { path: path.resolve(__dirname, "..", "..", "test-output", "e2e-harness"), filename: "[name].js", clean: true },
  resolve: { extensions: [".ts", ".js"] },
  module: {
    rules: [
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        use: { loader: "ts-loader", options: { configFile: path.resolve(__dirname, "harness", "tsconfig.json") } },
      },
    ],
  },
  plugins: [
    new webpack.NormalModuleReplacementPlugin(/adapters[\\/]exceljs[\\/]workbook/, EMPTY),
    new webpack.NormalModuleReplacementPlugin(/^exceljs$/, EMPTY),
  ],
  performance: false,
  stats: "errors-warnings",
};
