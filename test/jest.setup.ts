import { removeTempDirs } from './helpers/temp';

afterAll(removeTempDirs);
