-- One database per service: no service reads another's data.
create database case_service;
create database referral_service;
create database billing_service;
create database reporting_service;
create database placement_service;
