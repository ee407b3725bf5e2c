DROP TABLE familiar_devices;
