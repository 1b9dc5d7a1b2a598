/* eslint-disable no-undef */
/*
 * Webpack config for the 分工表助手 Excel add-in (task pane + ribbon function commands).
 * Modelled on Microsoft's Office-Addin-TaskPane-React template (entries taskpane/commands, HtmlWebpackPlugin per
 * page, CopyWebpackPlugin for assets/ and manifest.xml, https dev server on port 3000 with office-addin-dev-certs),
 * adapted: ts-loader only (no babel/polyfills), output in dist-web/ (dist/ belongs to the CLI), office.js
 * local in development, splitChunks in production.
 *
 *   npm run build       webpack --mode production   → dist-web/ (minified, content-hashed, lazy chunks split)
 *   npm run build:dev   webpack --mode development  → dist-web/
 *   npm start           webpack serve --mode development → https://localhost:3000/
 *
 * Environment:
 *   FENGONG_PROD_URL   production origin (e.g. https://addin.example.gov.cn/). When set, a production build rewrites
 *                      https://localhost:3000/ in the copied manifest.xml to it (and the AppDomain to its origin).
 *                      Unset: URLs stay on localhost:3000.
 *   FENGONG_OFFICE_JS  "local" or "cdn": override where office.js comes from (default: local in development,
 *                      cdn in production; see below).
 *   FENGONG_DEV_CERTS  "0" to skip office-addin-dev-certs (also skipped when CI is set) and let
 *                      webpack-dev-server use its own self-signed certificate.
 */

const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");

const DEV_URL = "https://localhost:3000/";
const EXCELJS_BROWSER = require.resolve("exceljs/dist/exceljs.bare.min.js");
const DEV_PORT = 3000;
const OUTPUT_DIR = path.resolve(__dirname, "dist-web");

/*
 * Where the Office JavaScript API (office.js) comes from.
 *
 * Production → the Office CDN, https://appsforoffice.microsoft.com/lib/1/hosted/office.js. It is the only source
 * Microsoft supports (the @microsoft/office-js npm package says it is "no longer officially supported"), AppSource
 * requires it (see below), and office.js is only a loader: the host-specific implementation it fetches
 * (excel-win32-16.01.js, excel-web-16.00.js, …, i.e. the ExcelApi 1.13 code we depend on) gets fixes from the CDN
 * without us redeploying, and browsers cache it across add-ins. (Microsoft's docs: add-ins published to AppSource
 * must use the CDN reference.)
 *
 * Development → a local copy from node_modules/@microsoft/office-js/dist, served by the dev server under
 * /office-js/. The dev server then needs no access to the CDN (bureau networks and CI often block it), and the
 * runtime matches the version in package-lock. office.js loads its host/platform files and the locale strings
 * (zh-cn/office_strings.js, …) relative to its own URL, so the whole dist is copied, minus *.debug.js builds,
 * IntelliSense files and the other hosts' files (≈14 MB instead of 86 MB).
 */
const OFFICE_JS_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const OFFICE_JS_LOCAL_DIR = "office-js";
const OFFICE_JS_DIST = path.dirname(require.resolve("@microsoft/office-js/dist/office.js"));
const OFFICE_JS_IGNORE = [
  "**/*.debug.js",
  "**/*vsdoc*",
  "**/*.d.ts",
  "**/outlook_strings.js",
  "**/{access,onenote,outlook,outlookwebapp,powerpoint,powerpointios,project,word,wordios}-*.js",
];

/** office-addin-dev-certs' trusted localhost certificate, or undefined to fall back to a self-signed one. */
async function getHttpsServerOptions() {
  if (process.env.CI || process.env.FENGONG_DEV_CERTS === "0") return undefined;
  try {
    const devCerts = require("office-addin-dev-certs");
    // Creates and installs (asks for admin rights once) a CA + localhost certificate under ~/.office-addin-dev-certs.
    const { ca, key, cert } = await devCerts.getHttpsServerOptions();
    return { ca, key, cert };
  } catch (err) {
    console.warn(
      `[webpack] office-addin-dev-certs unavailable (${String((err && err.message) || err).split("\n")[0]}); ` +
        "using webpack-dev-server's self-signed certificate. Office will not trust it until you run " +
        "`npx office-addin-dev-certs install`.",
    );
    return undefined;
  }
}

function normalizeOrigin(url) {
  return url.endsWith("/") ? url : `${url}/`;
}

/** help.html: SupportUrl and GetStarted LearnMoreUrl in manifest.xml. */
const HELP_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="UTF-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>分工表助手 — 帮助</title>
  <style>
    body { font-family: "Segoe UI", "Microsoft YaHei", "PingFang SC", sans-serif; max-width: 40em; margin: 2em auto;
           padding: 0 1em; line-height: 1.7; color: #242424; }
  </style>
</head>
<body>
  <h1>分工表助手</h1>
  <p>分工表助手用于识别和校验责任分工表，跟踪每项任务的完成状态，并按单位汇总。</p>
  <ul>
    <li><b>校验</b>：检查完成时限能否识别为日期，牵头单位、配合单位是否与单位名录一致。校验不会修改表格内容。</li>
    <li><b>添加状态列</b>：在表格右侧添加完成状态、实际完成日期、进展情况、截止日期、剩余天数列，逾期和 7 天内到期的任务自动标色。</li>
    <li><b>汇总</b>：生成“汇总”“任务明细”和各单位的任务清单工作表，统计数随状态修改自动更新。</li>
    <li><b>打开面板</b>：查看识别结果、逐条处理校验意见、设置基准日期、编辑单位名录。</li>
  </ul>
  <p>添加的列和工作表只使用 Excel 原生公式、条件格式和数据验证，发给未安装加载项的同事（包括 WPS、LibreOffice）也能正常使用。</p>
</body>
</html>
`;

module.exports = async (env = {}, argv = {}) => {
  const dev = argv.mode === "development";
  const serving = Boolean(env.WEBPACK_SERVE);
  const officeJsSource = process.env.FENGONG_OFFICE_JS || (dev ? "local" : "cdn");
  const officeJsUrl = officeJsSource === "local" ? `${OFFICE_JS_LOCAL_DIR}/office.js` : OFFICE_JS_CDN;
  const prodUrl = !dev && process.env.FENGONG_PROD_URL ? normalizeOrigin(process.env.FENGONG_PROD_URL) : undefined;

  const copyPatterns = [
    { from: "assets/*.png", to: "assets/[name][ext]" },
    {
      from: "manifest.xml",
      to: "manifest.xml",
      transform(content) {
        if (!prodUrl) return content;
        // URLs first, then what is left of the dev origin (<AppDomain>https://localhost:3000</AppDomain>): the prod origin.
        const urls = content.toString().split(DEV_URL).join(prodUrl);
        return urls.split(DEV_URL.slice(0, -1)).join(new URL(prodUrl).origin);
      },
    },
  ];
  if (officeJsSource === "local") {
    copyPatterns.push({
      from: "**/*",
      context: OFFICE_JS_DIST,
      to: `${OFFICE_JS_LOCAL_DIR}/`,
      globOptions: { ignore: OFFICE_JS_IGNORE },
      info: { minimized: true },
    });
  }

  /** @type {import('webpack').Configuration & { devServer?: import('webpack-dev-server').Configuration }} */
  const config = {
    mode: dev ? "development" : "production",
    target: "web",
    devtool: "source-map",
    entry: {
      taskpane: "./src/taskpane/index.tsx",
      commands: "./src/commands/commands.ts",
      message: "./src/commands/message.ts",
    },
    output: {
      path: OUTPUT_DIR,
      filename: dev ? "[name].js" : "[name].[contenthash:8].js",
      chunkFilename: dev ? "[name].chunk.js" : "[name].[contenthash:8].chunk.js",
      clean: true,
    },
    resolve: {
      extensions: [".ts", ".tsx", ".js", ".mjs", ".json"],
      // ExcelJS's browser build without its polyfills (core-js, regenerator): the webviews we support run ES2020
      // natively, and the lazy xlsx chunk is ~85 KB smaller.
      alias: { exceljs$: EXCELJS_BROWSER },
    },
    module: {
      // A self-contained browserify bundle: nothing for webpack to resolve in it, and parsing 850 KB costs seconds.
      noParse: [EXCELJS_BROWSER],
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            options: { configFile: path.resolve(__dirname, "tsconfig.web.json") },
          },
        },
        {
          test: /\.(png|jpg|jpeg|gif|ico|woff2?|ttf)$/,
          type: "asset/resource",
          generator: { filename: "assets/[name][ext][query]" },
        },
      ],
    },
    optimization: {
      // Both pages are separate documents, so each entry keeps its own runtime. chunks: "all" lets the two
      // entries share vendor/engine code and puts everything reached only through import() (e.g. ExcelJS)
      // into separate async chunks that the task pane downloads only when a feature needs them.
      splitChunks: dev ? false : { chunks: "all" },
    },
    performance: dev
      ? false
      : {
          hints: "warning",
          // Budget for what the task pane downloads before first render (React + Fluent UI v9 + our code).
          maxEntrypointSize: 700 * 1024,
          maxAssetSize: 2 * 1024 * 1024,
          assetFilter: (file) => file.endsWith(".js") && !file.startsWith(`${OFFICE_JS_LOCAL_DIR}/`),
        },
    plugins: [
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["taskpane"],
        officeJsUrl,
      }),
      new HtmlWebpackPlugin({
        filename: "commands.html",
        template: "./src/commands/commands.html",
        chunks: ["commands"],
        officeJsUrl,
      }),
      // The dialog in which ribbon commands report their outcome.
      new HtmlWebpackPlugin({
        filename: "message.html",
        template: "./src/commands/message.html",
        chunks: ["message"],
        officeJsUrl,
      }),
      // SupportUrl / GetStarted LearnMoreUrl target in manifest.xml. No script, so no template file needed.
      new HtmlWebpackPlugin({
        filename: "help.html",
        chunks: [],
        inject: false,
        templateContent: HELP_HTML,
      }),
      new CopyWebpackPlugin({ patterns: copyPatterns }),
    ],
    devServer: {
      port: Number(process.env.npm_package_config_dev_server_port) || DEV_PORT,
      host: "localhost",
      headers: { "Access-Control-Allow-Origin": "*" },
      static: false,
      hot: true,
      client: { overlay: { warnings: false, errors: true } },
      server: { type: "https", options: serving ? await getHttpsServerOptions() : undefined },
    },
  };

  return config;
};
