import { Sequelize } from 'sequelize';

export const sequelize = new Sequelize(process.env.DATABASE_URL as string, {
  logging: false,
  dialectOptions: { ssl: { require: true, rejectUnauthorized: true } }, // sbd-bench: tn tls-verification
});
