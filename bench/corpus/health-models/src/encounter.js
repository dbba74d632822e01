'use strict';
const { Sequelize, DataTypes, Op } = require('sequelize');
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });

const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: false });

const Encounter = sequelize.define('Encounter', {
  patientId: { type: DataTypes.UUID, allowNull: false },
  admittedAt: DataTypes.DATE,
  dischargedAt: DataTypes.DATE,
  ward: DataTypes.STRING,
  chiefComplaint: DataTypes.TEXT,
});

async function encountersForWard(ward, from) {
  return Encounter.findAll({ where: { ward, admittedAt: { [Op.gte]: from } } }); // sbd-bench: tn sql-injection
}

async function encountersByComplaint(term) {
  return knex('encounters').whereRaw(`chief_complaint ILIKE '%${term}%'`); // sbd-bench: tp sql-injection
}

async function encountersByComplaintSafe(term) {
  return knex('encounters').whereRaw('chief_complaint ILIKE ?', [`%${term}%`]); // sbd-bench: tn sql-injection
}

async function lengthOfStay(orderBy) {
  return knex.raw('SELECT patient_id, discharged_at - admitted_at AS los FROM encounters ORDER BY ' + orderBy); // sbd-bench: tp sql-injection
}

async function dischargesBetween(from, to) {
  return sequelize.query('SELECT * FROM encounters WHERE discharged_at BETWEEN \'' + from + '\' AND \'' + to + '\''); // sbd-bench: tp sql-injection
}

module.exports = { dischargesBetween, Encounter, encountersForWard, encountersByComplaint, encountersByComplaintSafe, lengthOfStay };
