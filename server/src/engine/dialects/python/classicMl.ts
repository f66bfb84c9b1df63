import type { Fragment } from './fragment';
import { importedFrom, receiver, type CallInfo } from './query';
import { callsNamed, importsAny, methodCallsOn, type Scan } from './scan';

// scikit-learn / XGBoost / LightGBM / CatBoost training: a job (its datasets matter) with no
// precision or checkpoint facts, which these libraries do not have.

const MODULES = ['sklearn', 'xgboost', 'lightgbm', 'catboost'];
// Model classes whose fit is training; preprocessing (`StandardScaler().fit`) and a report's
// trend line (`LinearRegression`) are not counted.
const ESTIMATOR = /(Classifier|Regressor|SVC|SVR|SearchCV|Booster|Ranker|^XGB\w*|^LGBM\w*|^CatBoost\w*)$/;

export function detectClassicMl(s: Scan): Fragment | undefined {
  if (!importsAny(s, ...MODULES)) return undefined;
  const boosters = callsNamed(s, 'train', 'cv').filter((c) => /^(xgb|xgboost|lgb|lightgbm)$/.test(receiver(c)) || (c.callee === 'train' && /^(xgboost|lightgbm)/.test(importedFrom(s.src, 'train') ?? '')));
  const estimators = s.calls.filter((c) => ESTIMATOR.test(c.name));
  const fit = methodCallsOn(s, estimators, 'fit');
  const first: CallInfo | undefined = boosters[0] ?? fit[0];
  if (!first) return { framework: 'classic', trains: false };
  const lib = boosters[0] ? (/^(lgb|lightgbm)/.test(first.callee) ? 'LightGBM' : 'XGBoost') : 'scikit-learn';
  return { framework: 'classic', trains: true, anchor: s.src.rangeOf(first.node), name: `${lib} training` };
}
